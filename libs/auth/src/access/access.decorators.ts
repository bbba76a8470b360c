import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@app/counsellors';
import type { Actor } from './actor';

export const ACCESS_RULE = 'access-rule';

/**
 * How a route may be reached. Every route must declare one; a route without it is refused
 * (deny by default), and the authorization-matrix test fails on it.
 */
export type AccessRule = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'roles'; roles: Role[] };

/** Reachable without signing in (directory, reference data, login, health). */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

const signedInDocs = () =>
  applyDecorators(ApiBearerAuth(), ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token (problem+json).' }));

/** Any signed-in staff member; finer checks (organisation scope) happen in the service. */
export const SignedIn = () => applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'signed-in' } satisfies AccessRule), signedInDocs());

/** Signed in with at least one of these roles; organisation scope is then checked in the service. */
export const RequireRoles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule),
    signedInDocs(),
    ApiForbiddenResponse({ description: `Requires one of the roles: ${roles.join(', ')}.` }),
  );

/** The signed-in staff member of this request. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
  if (!actor) throw new Error('CurrentActor used on a route that is not signed-in only');
  return actor;
});
