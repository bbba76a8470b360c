import { randomUUID } from 'node:crypto';
import { sleep } from './processes';

/** One HTTP request as the client saw it. status 0: no answer (connection refused or reset, or the client gave up). */
export interface Sample {
  start: number;
  end: number;
  method: string;
  route: string;
  status: number;
  /** The answer was application/problem+json. */
  problem: boolean;
  error?: string;
  /** The problem's type, e.g. /problems/dependency-unavailable. */
  type?: string;
}

export interface Answer {
  status: number;
  body: Record<string, unknown> | null;
  headers: Headers | null;
}

/** The API over HTTP, every request recorded. */
export class Api {
  readonly samples: Sample[] = [];

  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async call(method: string, path: string, route: string, options: { token?: string; body?: unknown; key?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.key) headers['idempotency-key'] = options.key;
    const start = Date.now();
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      const problem = (response.headers.get('content-type') ?? '').startsWith('application/problem+json');
      let body: Record<string, unknown> | null = null;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      this.samples.push({
        start,
        end: Date.now(),
        method,
        route,
        status: response.status,
        problem,
        type: problem && typeof body?.type === 'string' ? body.type : undefined,
      });
      return { status: response.status, body, headers: response.headers };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      this.samples.push({
        start,
        end: Date.now(),
        method,
        route,
        status: 0,
        problem: false,
        error: (error as Error).name === 'TimeoutError' ? 'client timeout' : (cause ?? (error as Error).message),
      });
      return { status: 0, body: null, headers: null };
    }
  }
}

export interface DrillUser {
  email: string;
  token: string;
  userId: string;
  organisationId: string;
}

export async function login(api: Api, email: string, password: string): Promise<DrillUser> {
  const answer = await api.call('POST', '/auth/login', 'POST /auth/login', { body: { email, password } });
  const user = answer.body?.user as { id: string; organisationId: string } | undefined;
  if (answer.status !== 200 || !user || typeof answer.body?.accessToken !== 'string') {
    throw new Error(`login of ${email} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return { email, token: answer.body.accessToken, userId: user.id, organisationId: user.organisationId };
}

/** A case created, handed off (referral) and maybe accepted through the API, each step retried until it is answered. */
export interface Flow {
  caseKey: string;
  handoffKey: string;
  sender: string;
  receiver: string;
  caseId?: string;
  handoffId?: string;
  wantsAccept: boolean;
  accepted: boolean;
  /** Replayed answers (Idempotency-Replayed: true). */
  replays: number;
  /** Answers refused with 409 idempotency-in-progress (the key is held by a request that never finished). */
  inProgressRefusals: number;
  state: 'running' | 'done' | 'abandoned';
  problem?: string;
}

const CONSENT = { given: true, givenAt: '2026-11-20T10:00:00Z', method: 'verbal', scope: 'this_handoff' };
const retryable = (status: number) => status === 0 || status >= 500;

/**
 * A steady mix against the real API: readers (case list, case, incoming hand-offs, inbox) and writers
 * (case → hand-off → accept, every POST with an Idempotency-Key that is reused when a request failed).
 * Users hand off in a ring: user i to the organisation of user i+1, who accepts.
 */
export class LoadDriver {
  readonly flows: Flow[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private finishBy = Number.POSITIVE_INFINITY;
  private readonly caseIds = new Map<string, string[]>();

  constructor(
    private readonly api: Api,
    private readonly users: DrillUser[],
    private readonly options: { readers: number; writers: number; pauseMs: number; acceptShare: number },
  ) {
    if (users.length < 2) throw new Error('the load needs at least two users of different organisations');
  }

  start(): void {
    this.running = true;
    for (let i = 0; i < this.options.readers; i++) this.loops.push(this.reader(i));
    for (let i = 0; i < this.options.writers; i++) this.loops.push(this.writer(i));
  }

  /** No new flows; running flows keep retrying until they are done or `graceMs` is over. */
  async stop(graceMs: number): Promise<void> {
    this.running = false;
    this.finishBy = Date.now() + graceMs;
    await Promise.all(this.loops);
  }

  private async reader(index: number): Promise<void> {
    let n = index;
    while (this.running) {
      const user = this.users[n++ % this.users.length];
      const pick = Math.random();
      if (pick < 0.35) {
        const answer = await this.api.call('GET', '/cases?limit=20', 'GET /cases', { token: user.token });
        const items = answer.body?.items;
        if (answer.status === 200 && Array.isArray(items)) {
          this.caseIds.set(
            user.organisationId,
            items.map((item) => (item as { id: string }).id),
          );
        }
      } else if (pick < 0.6) {
        const ids = this.caseIds.get(user.organisationId) ?? [];
        if (ids.length) {
          await this.api.call('GET', `/cases/${ids[Math.floor(Math.random() * ids.length)]}`, 'GET /cases/:id', { token: user.token });
        }
      } else if (pick < 0.85) {
        await this.api.call('GET', '/handoffs?direction=incoming&limit=20', 'GET /handoffs?direction=incoming', { token: user.token });
      } else {
        await this.api.call('GET', '/notifications?limit=20', 'GET /notifications', { token: user.token });
      }
      await sleep(this.options.pauseMs);
    }
  }

  private async writer(index: number): Promise<void> {
    let n = index;
    while (this.running) {
      const sender = this.users[n % this.users.length];
      const receiver = this.users[(n + 1) % this.users.length];
      n += this.options.writers;
      const flow: Flow = {
        caseKey: `drill-case-${randomUUID()}`,
        handoffKey: `drill-handoff-${randomUUID()}`,
        sender: sender.email,
        receiver: receiver.email,
        wantsAccept: Math.random() < this.options.acceptShare,
        accepted: false,
        replays: 0,
        inProgressRefusals: 0,
        state: 'running',
      };
      this.flows.push(flow);
      await this.runFlow(flow, sender, receiver);
      await sleep(this.options.pauseMs);
    }
  }

  /** Retries a step until it gets an answer that is not a failure of the server; null when out of time. */
  private async step(flow: Flow, attempt: () => Promise<Answer>): Promise<Answer | null> {
    for (;;) {
      const answer = await attempt();
      if (answer.headers?.get('idempotency-replayed') === 'true') flow.replays++;
      const inProgress = answer.status === 409 && answer.body?.type === '/problems/idempotency-in-progress';
      if (inProgress) flow.inProgressRefusals++;
      if (!retryable(answer.status) && !inProgress) return answer;
      if (!this.running && Date.now() > this.finishBy) return null;
      await sleep(inProgress ? 1000 : 300);
    }
  }

  private async runFlow(flow: Flow, sender: DrillUser, receiver: DrillUser): Promise<void> {
    const created = await this.step(flow, () =>
      this.api.call('POST', '/cases', 'POST /cases', {
        token: sender.token,
        key: flow.caseKey,
        body: { needs: ['housing'], languages: ['ar'], district: 'ost', ageBand: '27-44' },
      }),
    );
    if (!created) return this.abandon(flow, 'case: out of time');
    if (created.status !== 201) return this.abandon(flow, `case: ${created.status} ${JSON.stringify(created.body)}`);
    flow.caseId = String(created.body?.id);

    const handedOff = await this.step(flow, () =>
      this.api.call('POST', `/cases/${flow.caseId}/handoffs`, 'POST /cases/:id/handoffs', {
        token: sender.token,
        key: flow.handoffKey,
        body: {
          targetOrganisationId: receiver.organisationId,
          kind: 'referral',
          domains: ['housing'],
          message: 'Bitte um Unterstützung bei der Wohnungssuche.',
          consent: CONSENT,
        },
      }),
    );
    if (!handedOff) return this.abandon(flow, 'hand-off: out of time');
    // A create whose COMMIT went through but whose answer was lost is replayed to the retry (the answer
    // is stored with the change), so anything but 201 here is a failure.
    if (handedOff.status !== 201) return this.abandon(flow, `hand-off: ${handedOff.status} ${JSON.stringify(handedOff.body)}`);
    flow.handoffId = String(handedOff.body?.id);

    if (flow.wantsAccept) {
      const accepted = await this.step(flow, () =>
        this.api.call('POST', `/handoffs/${flow.handoffId}/accept`, 'POST /handoffs/:id/accept', { token: receiver.token, body: {} }),
      );
      if (!accepted) return this.abandon(flow, 'accept: out of time');
      if (accepted.status === 409) {
        // An earlier attempt may have committed although its answer was lost: the hand-off says so.
        const current = await this.step(flow, () =>
          this.api.call('GET', `/handoffs/${flow.handoffId}`, 'GET /handoffs/:id', { token: receiver.token }),
        );
        if (current?.status !== 200 || current.body?.status !== 'accepted') {
          return this.abandon(flow, `accept: 409, then the hand-off is ${current?.status} ${String(current?.body?.status)}`);
        }
      } else if (accepted.status !== 200) {
        return this.abandon(flow, `accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      }
      flow.accepted = true;
    }
    flow.state = 'done';
  }

  private abandon(flow: Flow, problem: string): void {
    flow.state = 'abandoned';
    flow.problem = problem;
  }
}
