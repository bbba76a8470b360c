import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Public, RequireRoles } from '@app/auth';
import { Idempotent } from '@app/core';
import {
  CounsellingDomain,
  CreateDistrictDto,
  CreateDomainDto,
  CreateLanguageDto,
  DirectoryPage,
  DirectoryQuery,
  DirectoryService,
  District,
  Language,
  ReferenceDataService,
  UpdateDistrictDto,
  UpdateDomainDto,
  UpdateLanguageDto,
} from '@app/organisations';

const KEEPS_CODES = 'Codes never change or go away once added: cases, services and hand-offs keep them. Coordinator only.';

@ApiTags('reference data and directory (public)')
@Controller()
export class ReferenceController {
  constructor(
    private readonly reference: ReferenceDataService,
    private readonly directory: DirectoryService,
  ) {}

  @Get('reference/domains')
  @Public()
  @ApiOperation({ summary: 'Counselling domains (Beratungs- und Hilfegebiete)' })
  @ApiOkResponse({ type: [CounsellingDomain] })
  domains(): Promise<CounsellingDomain[]> {
    return this.reference.domains();
  }

  @Get('reference/districts')
  @Public()
  @ApiOperation({ summary: "Leipzig's Stadtbezirke" })
  @ApiOkResponse({ type: [District] })
  districts(): Promise<District[]> {
    return this.reference.districts();
  }

  @Get('reference/languages')
  @Public()
  @ApiOperation({ summary: 'Languages by ISO 639 code' })
  @ApiOkResponse({ type: [Language] })
  languages(): Promise<Language[]> {
    return this.reference.languages();
  }

  @Post('reference/domains')
  @Idempotent()
  @RequireRoles('coordinator')
  @ApiOperation({ summary: 'Add a counselling domain', description: KEEPS_CODES })
  @ApiCreatedResponse({ type: CounsellingDomain })
  @ApiConflictResponse({ description: 'The code already exists.' })
  createDomain(@CurrentActor() actor: Actor, @Body() body: CreateDomainDto): Promise<CounsellingDomain> {
    return this.reference.create(actor, 'domains', body);
  }

  @Patch('reference/domains/:code')
  @RequireRoles('coordinator')
  @ApiOperation({ summary: 'Rename or move a counselling domain (not its code)', description: KEEPS_CODES })
  @ApiOkResponse({ type: CounsellingDomain })
  updateDomain(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: UpdateDomainDto): Promise<CounsellingDomain> {
    return this.reference.update(actor, 'domains', code, body);
  }

  @Post('reference/districts')
  @Idempotent()
  @RequireRoles('coordinator')
  @ApiOperation({ summary: 'Add a district (Stadtbezirk) or locality (Ortsteil)', description: KEEPS_CODES })
  @ApiCreatedResponse({ type: District })
  @ApiConflictResponse({ description: 'The code already exists.' })
  createDistrict(@CurrentActor() actor: Actor, @Body() body: CreateDistrictDto): Promise<District> {
    return this.reference.create(actor, 'districts', body);
  }

  @Patch('reference/districts/:code')
  @RequireRoles('coordinator')
  @ApiOperation({ summary: 'Rename or move a district (not its code or kind)', description: KEEPS_CODES })
  @ApiOkResponse({ type: District })
  updateDistrict(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: UpdateDistrictDto): Promise<District> {
    return this.reference.update(actor, 'districts', code, body);
  }

  @Post('reference/languages')
  @Idempotent()
  @RequireRoles('coordinator')
  @ApiOperation({ summary: 'Add a language', description: KEEPS_CODES })
  @ApiCreatedResponse({ type: Language })
  @ApiConflictResponse({ description: 'The code already exists.' })
  createLanguage(@CurrentActor() actor: Actor, @Body() body: CreateLanguageDto): Promise<Language> {
    return this.reference.create(actor, 'languages', body);
  }

  @Patch('reference/languages/:code')
  @RequireRoles('coordinator')
  @ApiOperation({ summary: 'Rename a language (not its code)', description: KEEPS_CODES })
  @ApiOkResponse({ type: Language })
  updateLanguage(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: UpdateLanguageDto): Promise<Language> {
    return this.reference.update(actor, 'languages', code, body);
  }

  @Get('directory/services')
  @Public()
  @ApiOperation({ summary: 'Search the public service directory of active organisations' })
  @ApiOkResponse({ type: DirectoryPage })
  services(@Query() query: DirectoryQuery): Promise<DirectoryPage> {
    return this.directory.search(query);
  }
}
