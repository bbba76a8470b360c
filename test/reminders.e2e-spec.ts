import { createHandoff, createNetwork, type TestNetwork } from './support/network';
import { bearer, TestApp, type TestUser } from './support/test-app';
import { TestClock } from './support/test-clock';
import { TestWorker } from './support/test-worker';

/** Polls until `check` passes or the time is up (the worker runs on its own schedule). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('reminders delivered by the worker', () => {
  const clock = new TestClock();
  let t: TestApp;
  let worker: TestWorker;
  let network: TestNetwork;

  beforeAll(async () => {
    t = await TestApp.start({ WORKER_POLL_INTERVAL_MS: '100' }, { clock });
    worker = await TestWorker.start(clock);
    network = await createNetwork(t);
  });

  afterAll(async () => {
    await worker.stop();
    await t.stop();
  });

  const inbox = async (user: TestUser, kind: string) =>
    (
      (await t.http.get('/api/v1/notifications?limit=200').set(bearer(user))).body.items as { kind: string; handoffId: string | null }[]
    ).filter((n) => n.kind === kind);

  it('reminds the target when a hand-off is not answered by its due date, once', async () => {
    const handoff = await createHandoff(t, network.counsellorC, network.orgA);
    const [{ due_at: dueAt }] = await t.dataSource.query(
      `SELECT due_at FROM reminders WHERE handoff_id = $1 AND kind = 'handoff_response_due'`,
      [handoff.id],
    );
    clock.setSoon(dueAt, 300);
    await eventually(async () => {
      const [row] = await t.dataSource.query(`SELECT status FROM reminders WHERE handoff_id = $1 AND kind = 'handoff_response_due'`, [
        handoff.id,
      ]);
      expect(row.status).toBe('delivered');
    });
    const received = await inbox(network.users.counsellor, 'handoff_response_due');
    expect(received.filter((n) => n.handoffId === handoff.id)).toHaveLength(1);
  });
});
