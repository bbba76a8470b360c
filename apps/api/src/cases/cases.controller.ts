import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor, RequireRoles } from '@app/auth';
import {
  AddNoteDto,
  CaseEventView,
  CaseListQuery,
  CasePage,
  CasesService,
  CaseTimelinePage,
  CaseView,
  CloseCaseDto,
  CreateCaseDto,
  UpdateCaseDto,
} from '@app/cases';
import { Idempotent, PageQuery, idParam } from '@app/core';
import { CreateHandoffDto, HandoffsService, HandoffView } from '@app/handoffs';

@ApiTags('cases')
@Controller('cases')
@RequireRoles('counsellor', 'lead')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly handoffs: HandoffsService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: "Log an anonymised case; answers with its code for the client's slip" })
  @ApiCreatedResponse({ type: CaseView })
  @ApiUnprocessableEntityResponse({ description: 'The assignee is not an active counsellor or lead of your organisation.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCaseDto): Promise<CaseView> {
    return this.cases.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: "Your organisation's cases, newest first" })
  @ApiOkResponse({ type: CasePage })
  list(@CurrentActor() actor: Actor, @Query() query: CaseListQuery): Promise<CasePage> {
    return this.cases.list(actor, query);
  }

  @Get(':idOrCode')
  @ApiOperation({ summary: 'A case by id or by case code (also one handed to you by an accepted referral)' })
  @ApiOkResponse({ type: CaseView })
  get(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string): Promise<CaseView> {
    return this.cases.get(actor, idOrCode);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change assignment, status, needs, follow-up date and attributes' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflictResponse({ description: 'The case is closed, or changed since you read it (`version`).' })
  @ApiUnprocessableEntityResponse({ description: 'The assignee is not an active counsellor or lead of your organisation.' })
  update(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: UpdateCaseDto): Promise<CaseView> {
    return this.cases.update(actor, id, body);
  }

  @Post(':id/notes')
  @Idempotent()
  @ApiOperation({ summary: 'Add a note to the timeline (personal identifiers are refused with 422)' })
  @ApiCreatedResponse({ type: CaseEventView })
  @ApiConflictResponse({ description: 'The case is closed.' })
  @ApiUnprocessableEntityResponse({
    description:
      'Free text holds a personal identifier (name, phone, e-mail, date of birth, IBAN …): `errors` names the field and the masked value.',
  })
  addNote(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: AddNoteDto): Promise<CaseEventView> {
    return this.cases.addNote(actor, id, body);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: "The case's timeline: notes and events, oldest first" })
  @ApiOkResponse({ type: CaseTimelinePage })
  timeline(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Query() query: PageQuery): Promise<CaseTimelinePage> {
    return this.cases.timeline(actor, id, query);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the case with an outcome' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflictResponse({ description: 'The case is already closed.' })
  @ApiUnprocessableEntityResponse({ description: 'The case has pending hand-offs, or the comment holds a personal identifier.' })
  close(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: CloseCaseDto): Promise<CaseView> {
    return this.cases.close(actor, id, body);
  }

  @Post(':id/handoffs')
  @Idempotent()
  @ApiOperation({ summary: 'Hand the case to another organisation (referral or transfer); needs documented consent' })
  @ApiCreatedResponse({ type: HandoffView })
  @ApiConflictResponse({
    description: 'A pending hand-off of the case to that organisation, or a pending transfer, exists; or the case is closed.',
  })
  @ApiUnprocessableEntityResponse({
    description:
      "No documented consent; the target is your own organisation, inactive, not accepting referrals or without an active counsellor or lead; the service or named counsellor is not the target's; or the message holds a personal identifier.",
  })
  handOff(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: CreateHandoffDto): Promise<HandoffView> {
    return this.handoffs.create(actor, id, body);
  }
}
