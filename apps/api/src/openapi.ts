import type { OpenAPIObject } from '@nestjs/swagger';

type ResponsesObject = NonNullable<OpenAPIObject['paths'][string]['get']>['responses'];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/**
 * The error answers every operation shares, added to the generated document so that clients see
 * them without each route repeating them: 400 (the validation pipe names each field, and a route
 * without input refuses any), 404 where a path names an object (also one the caller's organisation
 * may not see), the Idempotency-Key's 409 and 422 where it is accepted; and every 4xx and 5xx as
 * problem+json.
 */
export function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details.',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string', example: '/problems/validation-failed' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        errorId: { type: 'string', description: 'On a 500 only: quote it when reporting the error; the log has the details.' },
        errors: {
          type: 'array',
          description: 'For invalid input: each field and what is wrong with it.',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? []).filter((parameter) => 'in' in parameter);
      const responses = operation.responses;
      // Every route can answer 400: one without parameters or body refuses any it is sent.
      responses['400'] ??= {
        description: 'Invalid input; `errors` names each field or parameter (at most 20; `detail` says how many more).',
      };
      if (parameters.some((parameter) => parameter.in === 'path')) {
        responses['404'] ??= { description: 'Does not exist, or is not visible to your organisation.' };
      }
      if (parameters.some((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key')) {
        mention(responses, '409', 'A request with this Idempotency-Key is still running; retry after `Retry-After`.');
        mention(responses, '422', 'The Idempotency-Key was used before with another request.');
      }
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && response && 'description' in response) response.content ??= PROBLEM;
      }
    }
  }
  return document;
}

/** Adds a reason to a status's description, or the status with it. */
function mention(responses: ResponsesObject, status: string, reason: string): void {
  const existing = responses[status];
  responses[status] =
    existing && 'description' in existing ? { ...existing, description: `${existing.description} Or: ${reason}` } : { description: reason };
}
