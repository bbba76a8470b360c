import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { idParam } from '@app/core';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, CurrentActor, RequireRoles } from '@app/auth';
import {
  AcceptHandoffDto,
  CompleteHandoffDto,
  DeclineHandoffDto,
  HandoffListQuery,
  HandoffPage,
  HandoffsService,
  HandoffView,
  WithdrawHandoffDto,
} from '@app/handoffs';

@ApiTags('hand-offs')
@Controller('handoffs')
@RequireRoles('counsellor', 'lead')
export class HandoffsController {
  constructor(private readonly handoffs: HandoffsService) {}

  @Get()
  @ApiOperation({ summary: "Your organisation's incoming (team inbox) or outgoing hand-offs" })
  @ApiOkResponse({ type: HandoffPage })
  list(@CurrentActor() actor: Actor, @Query() query: HandoffListQuery): Promise<HandoffPage> {
    return this.handoffs.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One hand-off your organisation sent or received' })
  @ApiOkResponse({ type: HandoffView })
  get(@CurrentActor() actor: Actor, @Param('id', idParam) id: string): Promise<HandoffView> {
    return this.handoffs.get(actor, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an incoming hand-off (a transfer moves the case to you)' })
  @ApiOkResponse({ type: HandoffView })
  @ApiConflictResponse({ description: 'The hand-off is no longer pending.' })
  @ApiUnprocessableEntityResponse({ description: 'The assignee is not an active counsellor or lead of your organisation.' })
  accept(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: AcceptHandoffDto): Promise<HandoffView> {
    return this.handoffs.accept(actor, id, body);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline an incoming hand-off with a reason code' })
  @ApiOkResponse({ type: HandoffView })
  @ApiConflictResponse({ description: 'The hand-off is no longer pending.' })
  @ApiUnprocessableEntityResponse({ description: 'The comment holds a personal identifier.' })
  decline(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: DeclineHandoffDto): Promise<HandoffView> {
    return this.handoffs.decline(actor, id, body);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw your pending hand-off' })
  @ApiOkResponse({ type: HandoffView })
  @ApiConflictResponse({ description: 'The hand-off is no longer pending.' })
  @ApiUnprocessableEntityResponse({ description: 'The comment holds a personal identifier.' })
  withdraw(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: WithdrawHandoffDto): Promise<HandoffView> {
    return this.handoffs.withdraw(actor, id, body);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the outcome of an accepted hand-off' })
  @ApiOkResponse({ type: HandoffView })
  @ApiConflictResponse({ description: 'The hand-off is not accepted (any more).' })
  @ApiUnprocessableEntityResponse({ description: 'The comment holds a personal identifier.' })
  complete(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: CompleteHandoffDto): Promise<HandoffView> {
    return this.handoffs.complete(actor, id, body);
  }
}
