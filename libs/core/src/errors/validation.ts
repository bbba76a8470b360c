import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationFailed, type FieldProblem } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: ownWords(message, error.property) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A constraint's message as the field's own: class-validator's start with the property's name
 * (ours do not), and the field is named once, in `field` and in front of the message in the detail.
 */
function ownWords(message: string, property: string): string {
  if (/^property (\S+) should not exist$/.test(message)) return 'is not a known field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** Nest's pipe, except that a body must be a JSON object (Nest would read `null` as `{}`). */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ValidationFailed('The request body must be a JSON object.');
    }
    return super.transform(value, metadata);
  }
}

/** DTOs are the validation boundary: unknown fields are rejected, types converted explicitly. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new ValidationFailed(problems.map((p) => `${p.field} ${p.message}`).join('; ') || 'Invalid input.', problems);
    },
  });
}
