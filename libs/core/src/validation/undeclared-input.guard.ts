import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ValidationFailed, type FieldProblem } from '../errors/domain-error';
import { invalid, UNKNOWN_FIELD } from '../errors/validation';
import { UnreadableBody } from './unreadable-body';

interface DeclaredInput {
  body: boolean;
  query: boolean;
}

/**
 * Refuses a query string or a request body on a route that declares none (no @Query() or @Body()
 * parameter): the validation pipe rejects unknown fields only where it has a DTO to check them
 * against, and elsewhere they would be dropped without a word (`?limit=5` on a list that has no
 * limit). Runs after the access guard, so that a caller without a token still gets 401 first;
 * for the same reason it is where a body the parser could not read is refused (UnreadableBody).
 */
export class UndeclaredInputGuard implements CanActivate {
  private readonly declared = new WeakMap<object, DeclaredInput>();

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ query?: Record<string, unknown>; body?: unknown }>();
    if (request.body instanceof UnreadableBody) throw request.body.error;
    const handler = context.getHandler();
    let declared = this.declared.get(handler);
    if (!declared) {
      declared = declaredInput(context.getClass(), handler.name);
      this.declared.set(handler, declared);
    }
    const problems: FieldProblem[] = [];
    if (!declared.query) problems.push(...unknownFields(request.query));
    if (!declared.body) {
      const body = request.body;
      // Fastify leaves the body undefined when none was sent; an empty JSON object says nothing either.
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
        throw new ValidationFailed('This request takes no body.');
      problems.push(...unknownFields(body as Record<string, unknown> | undefined));
    }
    if (problems.length) throw invalid(problems);
    return true;
  }
}

function unknownFields(fields: Record<string, unknown> | undefined): FieldProblem[] {
  return fields ? Object.keys(fields).map((field) => ({ field, message: UNKNOWN_FIELD })) : [];
}

function declaredInput(controller: object, method: string): DeclaredInput {
  const parameters: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {};
  // Keys are "<parameter type>:<index>" (custom decorators add their own prefix).
  const types = new Set(Object.keys(parameters).map((key) => key.split(':')[0]));
  return { body: types.has(String(RouteParamtypes.BODY)), query: types.has(String(RouteParamtypes.QUERY)) };
}
