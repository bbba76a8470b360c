import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import {
  CounsellingDomain,
  DirectoryPage,
  DirectoryQuery,
  DirectoryService,
  District,
  Language,
  ReferenceDataService,
} from '@app/organisations';

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

  @Get('directory/services')
  @Public()
  @ApiOperation({ summary: 'Search the public service directory of active organisations' })
  @ApiOkResponse({ type: DirectoryPage })
  services(@Query() query: DirectoryQuery): Promise<DirectoryPage> {
    return this.directory.search(query);
  }
}
