import { Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Forbidden, Unauthenticated } from '@app/core';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import type { Actor } from './actor';

/**
 * The one global guard: authenticates with the bearer token (passport-jwt) and checks the
 * route's declared roles. Routes without a declared access rule are refused.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access rule; refusing it`);
      throw new Forbidden('This route is not open to anyone.');
    }
    if (rule.kind === 'public') return true;
    await super.canActivate(context);
    const actor = context.switchToHttp().getRequest<{ user: Actor }>().user;
    if (rule.kind === 'roles' && !actor.has(...rule.roles)) {
      throw new Forbidden(`This action requires one of the roles: ${rule.roles.join(', ')}.`);
    }
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new Unauthenticated();
    return user;
  }
}
