import type { Role } from '@app/counsellors';

/** The signed-in staff member a request acts for, loaded fresh from the database on every request. */
export class Actor {
  constructor(
    readonly userId: string,
    readonly organisationId: string,
    readonly roles: readonly Role[],
    readonly sessionId: string,
    /** The request's network address (behind TRUST_PROXY, the client's): audit entries carry it. */
    readonly address?: string,
  ) {}

  has(...roles: Role[]): boolean {
    return roles.some((role) => this.roles.includes(role));
  }

  get isCoordinator(): boolean {
    return this.has('coordinator');
  }

  belongsTo(organisationId: string): boolean {
    return this.organisationId === organisationId;
  }
}
