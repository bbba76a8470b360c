import net from 'node:net';

/**
 * A TCP proxy in front of Postgres that counts the statements its clients send, by reading the
 * frontend side of the wire protocol: every simple `Query` ('Q') and every extended-protocol
 * `Execute` ('E') is one statement run by the server. The text of each statement run is kept too,
 * so the benchmark can show which SQL a request ran: a `Query`'s own, and for a `Bind` ('B') the
 * text its statement was parsed from (`Parse`, 'P'), also for a named statement parsed only once,
 * on the connection's first use of it. It only forwards bytes; it does
 * not change or reorder them. Used for the query-count check, never in the path of a timed run.
 */
export interface StatementCounter {
  port: number;
  /** Statements seen since the last reset. */
  statements(): number;
  /** SQL texts of the statements run since the last reset, in order. */
  texts(): string[];
  reset(): void;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export async function startStatementCounter(target: { host: string; port: number }): Promise<StatementCounter> {
  let statements = 0;
  let texts: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let buffered: Buffer = Buffer.alloc(0);
    let startup = true;
    const parsed = new Map<string, string>();
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      for (;;) {
        if (startup) {
          // Untyped: length (int32, including itself) and a protocol code.
          if (buffered.length < 8) break;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) break;
          const code = buffered.readInt32BE(4);
          buffered = buffered.subarray(length);
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
          continue;
        }
        if (buffered.length < 5) break;
        const type = String.fromCharCode(buffered[0]);
        const length = buffered.readInt32BE(1);
        if (buffered.length < 1 + length) break;
        const body = buffered.subarray(5, 1 + length);
        if (type === 'Q') {
          statements++;
          texts.push(cString(body, 0).text);
        } else if (type === 'P') {
          const name = cString(body, 0);
          parsed.set(name.text, cString(body, name.next).text);
        } else if (type === 'B') {
          const portal = cString(body, 0);
          texts.push(parsed.get(cString(body, portal.next).text) ?? '(statement not seen)');
        } else if (type === 'E') {
          statements++;
        }
        buffered = buffered.subarray(1 + length);
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    statements: () => statements,
    texts: () => [...texts],
    reset: () => {
      statements = 0;
      texts = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function cString(buffer: Buffer, start: number): { text: string; next: number } {
  const end = buffer.indexOf(0, start);
  const stop = end === -1 ? buffer.length : end;
  return { text: buffer.toString('utf8', start, stop), next: stop + 1 };
}
