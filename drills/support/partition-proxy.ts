import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

type Direction = 'to-server' | 'to-client';

interface Pair {
  client: Socket;
  upstream: Socket;
  held: { direction: Direction; chunk: Buffer }[];
}

/**
 * A TCP proxy in front of Postgres for the partition tests (test/database-partition.e2e-spec.ts) and
 * the partition drill (drills/fault-drills.ts). While partitioned it forwards nothing and
 * leaves new connections unanswered (nothing refused, nothing closed), like a network partition. It can
 * start the partition at an exact moment of the protocol: when given bytes (e.g. COMMIT) pass in one
 * direction, the chunk carrying them is held, so a test decides whether the server saw a statement or
 * whether only its answer was lost. When the app closes its side during the partition, Postgres learns
 * of it only when the partition heals, and what was held for that connection is lost (as when TCP
 * has given up retransmitting it).
 */
export class PartitionProxy {
  private readonly pairs = new Set<Pair>();
  private readonly waiting = new Set<Socket>();
  private partitioned = false;
  private triggeredOn?: Pair;
  private trigger?: { direction: Direction; bytes: Buffer; fired: () => void };

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<PartitionProxy> {
    const server = createServer();
    const proxy = new PartitionProxy(server, target);
    server.on('connection', (client: Socket) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Connections open through the proxy now, and those waiting for the partition to heal. */
  get connections(): number {
    return this.pairs.size + this.waiting.size;
  }

  get isPartitioned(): boolean {
    return this.partitioned;
  }

  partition(): void {
    this.partitioned = true;
  }

  /** Partitions as soon as `text` passes in `direction`; the chunk carrying it is held back. */
  partitionOn(direction: Direction, text: string): Promise<void> {
    return new Promise((resolve) => {
      this.trigger = { direction, bytes: Buffer.from(text), fired: resolve };
    });
  }

  /** Whether the app has closed the connection the last partitionOn() held bytes of. */
  get triggerConnectionClosed(): boolean {
    return this.triggeredOn?.client.destroyed ?? false;
  }

  heal(): void {
    this.partitioned = false;
    this.trigger = undefined;
    for (const pair of this.pairs) {
      const held = pair.held.splice(0);
      if (pair.client.destroyed) {
        // The app gave this connection up; the server now sees it close and rolls back.
        pair.upstream.destroy();
        continue;
      }
      for (const { direction, chunk } of held) (direction === 'to-server' ? pair.upstream : pair.client).write(chunk);
    }
    for (const client of this.waiting) {
      this.waiting.delete(client);
      this.forward(client);
    }
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    for (const client of this.waiting) client.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.partitioned) {
      this.waiting.add(client);
      client.on('close', () => this.waiting.delete(client));
      return;
    }
    this.forward(client);
  }

  private forward(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    const pair: Pair = { client, upstream, held: [] };
    this.pairs.add(pair);
    upstream.on('error', () => undefined);
    client.on('data', (chunk: Buffer) => this.pass(pair, 'to-server', chunk));
    upstream.on('data', (chunk: Buffer) => this.pass(pair, 'to-client', chunk));
    client.on('close', () => {
      // Over a partition the server does not learn of the close until it heals.
      if (!this.partitioned) this.drop(pair);
    });
    upstream.on('close', () => this.drop(pair));
  }

  private pass(pair: Pair, direction: Direction, chunk: Buffer): void {
    const trigger = this.trigger;
    if (!this.partitioned && trigger?.direction === direction && chunk.includes(trigger.bytes)) {
      this.partitioned = true;
      this.trigger = undefined;
      this.triggeredOn = pair;
      trigger.fired();
    }
    if (this.partitioned) {
      pair.held.push({ direction, chunk });
      return;
    }
    (direction === 'to-server' ? pair.upstream : pair.client).write(chunk);
  }

  private drop(pair: Pair): void {
    this.pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
