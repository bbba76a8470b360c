import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/auth';
import { HealthService, problem, PROBLEM_CONTENT_TYPE, type ProblemDetails, type Readiness } from '@app/core';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Database and Redis reachable, migrations applied' })
  @ApiOkResponse({ description: 'Ready' })
  @ApiServiceUnavailableResponse({ description: 'A dependency failed: a problem+json whose `checks` says which' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness | (ProblemDetails & Readiness)> {
    const readiness = await this.health.readiness();
    if (readiness.ready) return readiness;
    // An error like any other (problem+json), with the checks as its extension members.
    const failed = Object.entries(readiness.checks).filter(([, state]) => state !== 'up');
    reply.status(503).header('Content-Type', PROBLEM_CONTENT_TYPE).header('Retry-After', '5');
    return {
      ...problem(503, 'not-ready', 'Service unavailable', `Not ready: ${failed.map(([name, state]) => `${name} ${state}`).join(', ')}.`),
      ...readiness,
    };
  }
}
