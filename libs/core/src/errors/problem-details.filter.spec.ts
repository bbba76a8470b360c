import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem-details.filter';

const failed = (message: string, code?: string) => {
  const driverError = Object.assign(new Error(message), code ? { code } : {});
  return new QueryFailedError('SELECT 1', [], driverError);
};

describe('toProblem for an unreachable or silent database', () => {
  it.each([
    ['a query without an answer', failed('Query read timeout')],
    ['a connection lost mid-query', failed('Connection terminated unexpectedly')],
    ['a query on a connection given up after a timeout', failed('Client was closed and is not queryable')],
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect')],
    ['a connect timeout of node-postgres', new Error('Connection terminated due to connection timeout')],
    ['a refused connection', new Error('connect ECONNREFUSED 127.0.0.1:5432')],
    ['a statement cancelled by statement_timeout', failed('canceling statement due to statement timeout', '57014')],
    ['the server shutting down', failed('terminating connection due to administrator command', '57P01')],
  ])('answers 503 with Retry-After for %s', (_name, error) => {
    const { body, headers, unexpected } = toProblem(error);
    expect(body).toEqual(expect.objectContaining({ status: 503, type: '/problems/dependency-unavailable' }));
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    expect(unexpected).toBe(false);
    expect(JSON.stringify(body)).not.toMatch(/timeout|terminated|SELECT/i);
  });

  it('still answers 500 for an unknown error', () => {
    expect(toProblem(failed('division by zero', '22012')).body.status).toBe(500);
  });
});
