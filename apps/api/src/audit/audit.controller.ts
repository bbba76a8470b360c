import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditPage, AuditQuery, AuditService } from '@app/audit';
import { Actor, CurrentActor, RequireRoles } from '@app/auth';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRoles('org_admin', 'coordinator')
  @ApiOperation({ summary: "Org admin: your organisation's entries; coordinator: entries about organisations and users" })
  @ApiOkResponse({ type: AuditPage })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQuery): Promise<AuditPage> {
    return this.audit.list(actor, query);
  }
}
