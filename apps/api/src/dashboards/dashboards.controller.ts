import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { idParam } from '@app/core';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, CurrentActor, RequireRoles } from '@app/auth';
import { dashboardCsv, DashboardQuery, networkCsv, DashboardsService, MeDashboardQuery, NetworkDashboardQuery } from '@app/dashboards';

/** JSON, or `?format=csv` for a download (long format: section, dimensions, measure, value). */
function respond<T extends Record<string, unknown>>(
  reply: FastifyReply,
  name: string,
  format: string | undefined,
  dashboard: T,
  csvOf: (dashboard: T) => string = dashboardCsv,
): T | string {
  if (format !== 'csv') return dashboard;
  reply.header('Content-Type', 'text/csv; charset=utf-8');
  reply.header('Content-Disposition', `attachment; filename="${name}.csv"`);
  return csvOf(dashboard);
}

@ApiTags('dashboards')
@Controller('dashboards')
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService) {}

  @Get('me')
  @RequireRoles('counsellor', 'lead')
  @ApiOperation({ summary: "My open cases, my organisation's pending incoming hand-offs, my due follow-ups" })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Figures as defined in libs/dashboards/README.md' })
  async me(@CurrentActor() actor: Actor, @Query() query: MeDashboardQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return respond(reply, 'my-dashboard', query.format, await this.dashboards.me(actor));
  }

  @Get('organisations/:id')
  @RequireRoles('lead', 'org_admin')
  @ApiOperation({ summary: 'Workload, response times, acceptance, declines, outcomes, flows and weekly series of your organisation' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Figures as defined in libs/dashboards/README.md' })
  async organisation(
    @CurrentActor() actor: Actor,
    @Param('id', idParam) id: string,
    @Query() query: DashboardQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return respond(reply, 'organisation-dashboard', query.format, await this.dashboards.organisation(actor, id, query));
  }

  @Get('network')
  @RequireRoles('coordinator')
  @ApiOperation({
    summary: 'Network-wide flows, unmet needs, language coverage, response times (cells below 5 shown as "<5")',
    description:
      'Counts one whole calendar month (Europe/Berlin) that has ended: the month wholly within `from`..`to` (`from` alone: the month starting there, or the first one after it; `to` alone: the last whole month before it), by default the last one; `window` states it. A range of months is a 400: overlapping ranges could be subtracted to recover cells shown as "<5".',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Figures as defined in libs/dashboards/README.md' })
  async network(@CurrentActor() actor: Actor, @Query() query: NetworkDashboardQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return respond(reply, 'network-dashboard', query.format, await this.dashboards.network(actor, query), networkCsv);
  }
}
