import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, CurrentActor, RequireRoles, SignedIn } from '@app/auth';
import { PageQuery, Idempotent, idParam } from '@app/core';
import { HandoffsService } from '@app/handoffs';
import {
  CounsellingServicePage,
  CounsellingServicesService,
  CounsellingServiceView,
  CreateCounsellingServiceDto,
  CreateOrganisationDto,
  OrganisationListQuery,
  OrganisationPage,
  OrganisationsService,
  OrganisationView,
  UpdateCounsellingServiceDto,
  UpdateOrganisationDto,
} from '@app/organisations';

@ApiTags('organisations and services')
@Controller()
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly services: CounsellingServicesService,
    private readonly handoffs: HandoffsService,
  ) {}

  @Get('organisations')
  @SignedIn()
  @ApiOperation({ summary: "The network's organisations" })
  @ApiOkResponse({ type: OrganisationPage })
  list(@Query() query: OrganisationListQuery): Promise<OrganisationPage> {
    return this.organisations.list(query);
  }

  @Get('organisations/:id')
  @ApiOperation({ summary: 'One organisation of the network' })
  @SignedIn()
  @ApiOkResponse({ type: OrganisationView })
  get(@Param('id', idParam) id: string): Promise<OrganisationView> {
    return this.organisations.get(id);
  }

  @Post('organisations')
  @ApiOperation({ summary: 'Add an organisation to the network (coordinator)' })
  @Idempotent()
  @RequireRoles('coordinator')
  @ApiCreatedResponse({ type: OrganisationView })
  create(@CurrentActor() actor: Actor, @Body() body: CreateOrganisationDto): Promise<OrganisationView> {
    return this.organisations.create(actor, body);
  }

  @Patch('organisations/:id')
  @RequireRoles('coordinator', 'org_admin')
  @ApiOperation({
    summary: 'Coordinator: any organisation; org admin: its own profile (not `active` or `kind`)',
    description:
      'Deactivating (`active: false`) takes the organisation out of the network: out of the directory, no new referrals to it, and its staff lose access on their next request (their sessions stay ended after a reactivation), and the senders of its pending and accepted hand-offs are notified (the hand-offs stay as they are; pending ones until withdrawn or expired). The coordinator cannot deactivate its own organisation (422).',
  })
  @ApiOkResponse({ type: OrganisationView })
  @ApiUnprocessableEntityResponse({ description: 'The coordinator would deactivate its own organisation.' })
  update(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: UpdateOrganisationDto): Promise<OrganisationView> {
    return this.organisations.update(actor, id, body, (transaction) => this.handoffs.tellSendersTargetLeft(transaction, id));
  }

  @Get('organisations/:id/services')
  @ApiOperation({ summary: "An organisation's counselling services, inactive ones included (its admin, the coordinator)" })
  @RequireRoles('coordinator', 'org_admin')
  @ApiOkResponse({ type: CounsellingServicePage })
  listServices(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Query() query: PageQuery): Promise<CounsellingServicePage> {
    return this.services.list(actor, id, query);
  }

  @Post('organisations/:id/services')
  @ApiOperation({ summary: 'Add a counselling service to an organisation' })
  @Idempotent()
  @RequireRoles('coordinator', 'org_admin')
  @ApiCreatedResponse({ type: CounsellingServiceView })
  createService(
    @CurrentActor() actor: Actor,
    @Param('id', idParam) id: string,
    @Body() body: CreateCounsellingServiceDto,
  ): Promise<CounsellingServiceView> {
    return this.services.create(actor, id, body);
  }

  @Patch('services/:id')
  @ApiOperation({ summary: 'Change a counselling service' })
  @RequireRoles('coordinator', 'org_admin')
  @ApiOkResponse({ type: CounsellingServiceView })
  updateService(
    @CurrentActor() actor: Actor,
    @Param('id', idParam) id: string,
    @Body() body: UpdateCounsellingServiceDto,
  ): Promise<CounsellingServiceView> {
    return this.services.update(actor, id, body);
  }
}
