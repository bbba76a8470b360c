import { createSecretKey } from 'node:crypto';
import http from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { AUDIT_INSERT_SQL, CASE_BY_ID_SQL, caseListSql, SESSION_SQL } from './product-sql';

/**
 * The bare baseline for GET /cases and GET /cases/:id: node:http and one pg pool, nothing else.
 * Per request it does what the product does at the database and for authentication (JWT verify
 * with jsonwebtoken, the same secret, algorithm, audience and issuer; the same session-and-user query; the
 * same SQL; for a single case the same audit insert, a statement of its own), and answers the
 * same JSON. What it leaves out (routing, validation, guards, serialization, security headers,
 * access log, the ORM) is the framework's share that the ratio shows.
 *
 * Environment: PORT, DATABASE_URL, JWT_SECRET, DATABASE_POOL_SIZE (as the API's).
 */
const AUDIENCE = 'case-coordination-api';
const ISSUER = 'case-coordination';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A KeyObject made once: given a string, jsonwebtoken first tries to parse it as a public key (and
// throws) on every verify, which costs about 0.3 ms of CPU per request.
const secret = createSecretKey(Buffer.from(required('JWT_SECRET')));
const pool = new pg.Pool({
  connectionString: required('DATABASE_URL'),
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  connectionTimeoutMillis: 3000,
  statement_timeout: 15000,
  application_name: 'bench-baseline-node-pg',
});

/** A named statement, parsed once per connection, as the product prepares these texts (preparedStatement in libs/core). */
const statementNames = new Map<string, string>();
function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `s${statementNames.size}`));
  return { name, text, values };
}

interface Actor {
  userId: string;
  organisationId: string;
  roles: string[];
}

/** A case row: columns already named like the view's fields (as the product reads them). */
type CaseRow = Record<string, unknown> & { id: string; code: string; organisationId: string; createdAt: string };

const server = http.createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    console.error(error);
    send(response, 500, { title: 'Internal Server Error' });
  });
});

async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://baseline');
  if (url.pathname === '/ready') return send(response, 200, { status: 'up' });
  if (request.method !== 'GET' || !url.pathname.startsWith('/cases')) return send(response, 404, { title: 'Not Found' });
  const actor = await authenticate(request.headers.authorization);
  if (!actor) return send(response, 401, { title: 'Unauthorized' });
  if (!actor.roles.includes('counsellor') && !actor.roles.includes('lead')) return send(response, 403, { title: 'Forbidden' });

  if (url.pathname === '/cases') {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return send(response, 400, { title: 'Bad Request' });
    const active = url.searchParams.get('status') === 'active';
    const { rows } = await pool.query<CaseRow>(prepared(caseListSql({ active }), [actor.organisationId, limit + 1]));
    const items = rows.slice(0, limit).map((row) => caseView(row, 'owner'));
    const last = items.at(-1);
    const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
    return send(response, 200, { items, nextCursor });
  }

  const id = url.pathname.slice('/cases/'.length);
  if (!UUID.test(id)) return send(response, 404, { title: 'Not Found' });
  const { rows } = await pool.query<CaseRow>(prepared(CASE_BY_ID_SQL, [id, actor.organisationId]));
  const found = rows[0];
  if (!found) return send(response, 404, { title: 'Not Found' });
  // Every read is audited, as the product does: one INSERT, a transaction by itself.
  await pool.query(
    prepared(AUDIT_INSERT_SQL, [
      'case.read',
      actor.userId,
      actor.organisationId,
      [...new Set([found.organisationId, actor.organisationId])],
      'case',
      found.id,
      found.id,
      request.socket.remoteAddress ?? null,
      JSON.stringify({}),
    ]),
  );
  return send(response, 200, caseView(found, found.organisationId === actor.organisationId ? 'owner' : 'shared'));
}

async function authenticate(header: string | undefined): Promise<Actor | null> {
  if (!header?.startsWith('Bearer ')) return null;
  let claims: jwt.JwtPayload;
  try {
    const verified = jwt.verify(header.slice('Bearer '.length), secret, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER });
    if (typeof verified === 'string') return null;
    claims = verified;
  } catch {
    return null;
  }
  const { sub, sid, typ } = claims as { sub?: unknown; sid?: unknown; typ?: unknown };
  if (typ !== 'access' || typeof sub !== 'string' || typeof sid !== 'string' || !UUID.test(sub) || !UUID.test(sid)) return null;
  const { rows } = await pool.query<{ organisation_id: string; roles: string[] }>(prepared(SESSION_SQL, [sid, sub, new Date()]));
  return rows[0] ? { userId: sub, organisationId: rows[0].organisation_id, roles: rows[0].roles } : null;
}

/** The product's CaseView, field for field. */
function caseView(row: CaseRow, access: 'owner' | 'shared'): Record<string, unknown> {
  const code = row.code;
  return {
    id: row.id,
    code: `${code.slice(0, 4)}-${code.slice(4)}`,
    organisationId: row.organisationId,
    access,
    assigneeId: row.assigneeId,
    status: row.status,
    needs: row.needs,
    languages: row.languages,
    interpreterNeeded: row.interpreterNeeded,
    urgency: row.urgency,
    district: row.district,
    ageBand: row.ageBand,
    gender: row.gender,
    residenceStatus: row.residenceStatus,
    firstContactChannel: row.firstContactChannel,
    followUpOn: row.followUpOn,
    outcome: row.outcome,
    closedAt: row.closedAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 3101), '127.0.0.1', () => console.log(`node:http + pg baseline on ${process.env.PORT}`));
process.on('SIGTERM', () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeIdleConnections();
});
