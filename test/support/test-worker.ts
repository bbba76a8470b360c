import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock } from '@app/core';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { WorkerLoop } from '../../apps/worker/src/worker-loop';

/**
 * The real worker (BullMQ on the real Redis, the real Postgres) in the test process, on the same
 * database and Redis prefix as the TestApp that started it. Start it after TestApp.start, which sets
 * the environment.
 */
export class TestWorker {
  private constructor(readonly context: INestApplicationContext) {}

  static async start(clock: Clock = new Clock()): Promise<TestWorker> {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    return new TestWorker(moduleRef);
  }

  /** Runs one pass of the loop now instead of waiting for the next poll. */
  tick(): Promise<void> {
    return this.context.get(WorkerLoop).tick();
  }

  async stop(): Promise<void> {
    await this.context.close();
  }
}
