import pg from 'pg';
import { preparedStatementName } from './prepared-statements';

/** The message node-postgres gives a query that got no answer within `query_timeout`. */
export const QUERY_READ_TIMEOUT = 'Query read timeout';

/** setTimeout's maximum: how a session without statement timeout asks pg for "no client bound". */
const NO_BOUND_MS = 2_147_483_647;

const SET_STATEMENT_TIMEOUT = /^\s*set\s+(session\s+|local\s+)?statement_timeout\s*(?:=|to)\s*'?([^';\s]+)'?\s*;?\s*$/i;
const RESET_SESSION = /^\s*(reset\s+(statement_timeout|all)|discard\s+all)\s*;?\s*$/i;
const TRANSACTION_END = /^\s*(commit|end|rollback|abort)(\s+(work|transaction))?\s*;?\s*$/i;

type Callback = (error: Error | null, result?: unknown) => void;

/**
 * A pg Client whose queries are bounded: a query that gets no answer within `query_timeout` (a network
 * partition, a hung server) fails with "Query read timeout" as in plain node-postgres, and then the
 * connection is closed. Plain node-postgres keeps the connection and the pool hands it out again,
 * with the timed-out query still queued on it and its transaction possibly still open on the server;
 * closing it means pg-pool discards it (it never re-uses an ending client) and the server rolls the
 * transaction back once it sees the socket close.
 *
 * A session that switched its statement timeout off on purpose (bulk seeding, `audit:verify`) is
 * left unbounded on the client too, until it resets the setting (or, for SET LOCAL, the transaction ends).
 *
 * It also sends the texts marked with preparedStatement() as named statements, which node-postgres
 * parses once per connection: TypeORM passes plain texts and has no option for it.
 */
export class BoundedClient extends pg.Client {
  private unbounded: 'session' | 'transaction' | undefined;

  // node-postgres' query() has many overloads (text, config, submittable; promise or callback);
  // this forwards whatever it was given.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const text: unknown = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string') this.track(text);
    if (typeof args[0] === 'string') {
      // A text as a config (pg takes the values and callback beside either): named, pg parses it
      // once per connection (see prepared-statements.ts).
      const name = preparedStatementName(args[0]);
      if (name || this.unbounded) args[0] = { text: args[0], name, query_timeout: this.unbounded ? NO_BOUND_MS : undefined };
    }
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as Callback;
      args[last] = (error: Error | null, result?: unknown) => {
        this.abandonIfTimedOut(error);
        callback(error, result);
      };
      return super.query(...(args as Parameters<pg.Client['query']>));
    }
    const result: unknown = super.query(...(args as Parameters<pg.Client['query']>));
    if (result instanceof Promise) result.catch((error: unknown) => this.abandonIfTimedOut(error));
    return result;
  }

  private abandonIfTimedOut(error: unknown): void {
    if (!(error instanceof Error) || error.message !== QUERY_READ_TIMEOUT) return;
    // end() with a query still in flight destroys the socket at once (no goodbye to a silent server)
    // and marks the client as ending, so pg-pool removes it instead of handing it out again.
    this.end().catch(() => undefined);
  }

  private track(text: string): void {
    const set = SET_STATEMENT_TIMEOUT.exec(text);
    if (set) {
      const off = /^0+(ms|s|min)?$/i.test(set[2]);
      const local = set[1]?.trim().toLowerCase() === 'local';
      if (off) this.unbounded = local ? 'transaction' : 'session';
      else if (!local || this.unbounded === 'transaction') this.unbounded = undefined;
    } else if (RESET_SESSION.test(text)) {
      this.unbounded = undefined;
    } else if (this.unbounded === 'transaction' && TRANSACTION_END.test(text)) {
      this.unbounded = undefined;
    }
  }
}
