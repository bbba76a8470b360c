import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiCreatedResponse({ type: StaffUserView })
  create(@CurrentActor() actor: Actor, @Body() body: CreateStaffUserDto): Promise<StaffUserView> {
    return this.users.create(actor, body);
  }

  @Get(':id')
  @RequireRoles('org_admin', 'coordinator', 'lead', 'counsellor')
  @ApiOkResponse({ type: StaffUserView })
  get(@CurrentActor() actor: Actor, @Param('id', idParam) id: string): Promise<StaffUserView> {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @RequireRoles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Change roles, profile or password; `active: false` deactivates (no deletion)' })
  @ApiOkResponse({ type: StaffUserView })
  update(@CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body() body: UpdateStaffUserDto): Promise<StaffUserView> {
    return this.users.update(actor, id, body);
  }
}
