import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Idempotent, idParam } from '@app/core';
import { Actor, CurrentActor, RequireRoles } from '@app/auth';
import {
  CreateStaffUserDto,
  StaffUserListQuery,
  StaffUserPage,
  StaffUsersService,
  StaffUserView,
  UpdateStaffUserDto,
} from '@app/counsellors';

/** The coordinator must never read an organisation's case content, nor make itself a way in. */
const COORDINATOR_LIMIT =
  "In its own organisation the coordinator acts as that organisation's admin. In any other organisation it manages " +
  'the admins only: it may create users whose roles are exactly `org_admin` (invited by e-mail to set their own ' +
  'password), and change the profile or `active` flag of any user there, but it may not set a password there, nor ' +
  'grant `counsellor`, `lead` or `coordinator` there, nor change the roles of a user there who holds one of them (403): ' +
  "that would give it a way into the organisation's case content. The organisation's own admin does that. Only the " +
  'coordinator grants or removes the `coordinator` role.';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: StaffUsersService) {}

  @Get()
  @RequireRoles('org_admin', 'coordinator', 'lead', 'counsellor')
  @ApiOperation({ summary: 'Staff accounts: own organisation (coordinator: any, filter with organisationId)' })
  @ApiOkResponse({ type: StaffUserPage })
  list(@CurrentActor() actor: Actor, @Query() query: StaffUserListQuery): Promise<StaffUserPage> {
    return this.users.list(actor, query);
  }

  @Post()
  @Idempotent()
  @RequireRoles('org_admin', 'coordinator')
  @ApiOperation({
    summary: 'Create a staff account (org admin: own organisation; coordinator: names the organisation)',
    description: COORDINATOR_LIMIT,
  })
  @ApiCreatedResponse({ type: StaffUserView })
  @ApiConflictResponse({ description: 'A user with this e-mail address already exists.' })
  @ApiUnprocessableEntityResponse({ description: 'No password given and no e-mail server configured: the invitation could not arrive.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateStaffUserDto): Promise<StaffUserView> {
    return this.users.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One staff account of your organisation (coordinator: any)' })
  @RequireRoles('org_admin', 'coordinator', 'lead', 'counsellor')
  @ApiOkResponse({ type: StaffUserView })
  get(@CurrentActor() actor: Actor, @Param('id', idParam) id: string): Promise<StaffUserView> {
    return this.users.get(actor, id);
  }

  @Post(':id/password-link')
  @RequireRoles('org_admin', 'coordinator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'E-mail the user a link to set a new password',
    description:
      'The link works once, for 60 minutes (to a user who has no password yet: the invitation again, 7 days), and replaces ' +
      'any earlier one; the current password keeps working until it is ' +
      'used. Nobody but the user learns the new password (the coordinator may send one to any user). 422 for a deactivated ' +
      'account, and when no e-mail server is configured.',
  })
  @ApiAcceptedResponse({ description: 'The link is on its way.' })
  @ApiUnprocessableEntityResponse({ description: 'The account is deactivated, or no e-mail server is configured.' })
  async sendPasswordLink(@CurrentActor() actor: Actor, @Param('id', idParam) id: string): Promise<void> {
    await this.users.sendPasswordLink(actor, id);
  }

  @Patch(':id')
  @RequireRoles('org_admin', 'coordinator')
  @ApiOperation({
    summary: 'Change roles, profile or password; `active: false` deactivates (no deletion)',
    description: COORDINATOR_LIMIT,
  })
  @ApiOkResponse({ type: StaffUserView })
  @ApiUnprocessableEntityResponse({ description: 'You would deactivate yourself or remove your own administrative role.' })
  update(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: UpdateStaffUserDto): Promise<StaffUserView> {
    return this.users.update(actor, id, body);
  }
}
