export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An error the API reports to its caller as `application/problem+json`. Domain code throws
 * these (or the named subclasses below) instead of HTTP exceptions; one filter maps them.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable problem code; becomes the `type` URI. */
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export class ValidationFailed extends DomainError {
  constructor(detail: string, errors?: FieldProblem[]) {
    super(400, 'validation-failed', 'Invalid input', detail, errors);
  }
}

export class Unauthenticated extends DomainError {
  constructor(detail = 'Sign in first: the access token is missing, invalid or expired.') {
    super(401, 'unauthenticated', 'Not authenticated', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class Forbidden extends DomainError {
  constructor(detail = 'Your role does not allow this action.') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

/** Also used for anything of another organisation the caller may not see, so existence never leaks. */
export class NotFound extends DomainError {
  constructor(what = 'resource') {
    super(404, 'not-found', 'Not found', `The ${what} does not exist or is not visible to you.`);
  }
}

export class Conflict extends DomainError {
  constructor(detail: string, code = 'conflict') {
    super(409, code, 'Conflict', detail);
  }
}

export class BusinessRuleViolated extends DomainError {
  constructor(code: string, detail: string, errors?: FieldProblem[]) {
    super(422, code, 'Business rule violated', detail, errors);
  }
}

export class TooManyRequests extends DomainError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', detail, undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}

export class DependencyUnavailable extends DomainError {
  constructor(dependency: string) {
    super(
      503,
      'dependency-unavailable',
      'Service unavailable',
      `The ${dependency} is not reachable right now; try again shortly.`,
      undefined,
      {
        'Retry-After': '5',
      },
    );
  }
}
