import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The framework's floor: Nest on the same Fastify adapter, one controller answering the trivial
 * route under the same prefix, and nothing else (no guard, pipes, filters, hooks or headers). Between
 * bare Fastify and the API, it splits the trivial route's cost into Nest's own and ours.
 *
 * Environment: PORT.
 */
@Controller('health')
class LiveController {
  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }
}

@Module({ controllers: [LiveController] })
class BareModule {}

const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter({ logger: false }), { logger: false });
app.setGlobalPrefix('api/v1');
const port = Number(process.env.PORT ?? 3105);
await app.listen(port, '127.0.0.1');
console.log(`bare Nest baseline on ${port}`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
