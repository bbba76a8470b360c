import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationFailed, type FieldProblem } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = decisiveMessages(error).map((message) => ({ field, message: ownWords(message, error.property) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The messages of a failed validation worth showing, as class-validator wrote them: a value of the
 * wrong type breaks every other rule too ("abc" is not above 65535), so "must be a string" says it all.
 */
export function decisiveMessages(error: ValidationError): string[] {
  const messages = Object.values(error.constraints ?? {});
  const typeProblems = messages.filter((message) => WRONG_TYPE.test(ownWords(message, error.property)));
  return typeProblems.length ? typeProblems : messages;
}

/** What a field, query parameter or body property that the route does not take gets. */
export const UNKNOWN_FIELD = 'is not a known field';

/** class-validator's messages for a value of the wrong type. */
const WRONG_TYPE = /^must be (a string|an array|an integer number|a boolean value|a number\b|an object)/;

/**
 * A constraint's message as the field's own: class-validator's start with the property's name
 * (ours do not), and the field is named once, in `field` and in front of the message in the detail.
 */
function ownWords(message: string, property: string): string {
  if (/^property (\S+) should not exist$/.test(message)) return UNKNOWN_FIELD;
  if (/^All .*'s elements must be unique$/.test(message)) return 'must not list the same entry twice';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * C0 and C1 control characters other than tab, line feed and carriage return, DEL, and unpaired
 * UTF-16 surrogates: none belongs in any field, Postgres refuses NUL in text, and a lone surrogate
 * cannot be stored as UTF-8.
 */
const FORBIDDEN_CHARACTER =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Far deeper than any body this API takes (its objects nest two levels at most). Deeper bodies are
 * refused as they are parsed: the idempotency fingerprint and the validator recurse, and overflowed
 * the stack at a few thousand levels.
 */
export const MAX_BODY_DEPTH = 16;

/** Refuses a parsed body whose objects or arrays nest more than MAX_BODY_DEPTH levels (walked with a list, not recursion). */
export function assertBodyDepth(body: unknown): void {
  const pending: [unknown, number][] = [[body, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      throw new ValidationFailed(`The request body nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep.`);
    }
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
}

/** At most this many problems are listed in one answer (a body of thousands of unknown keys would list each). */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * Every string in a request's body, query or path parameters that holds a forbidden character, by
 * field. Walked with a list, not recursion, so that no nesting depth overflows the stack.
 */
function forbiddenCharacters(value: unknown, field: string): FieldProblem[] {
  const found: FieldProblem[] = [];
  const pending: [unknown, string][] = [[value, field]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      const match = FORBIDDEN_CHARACTER.exec(item);
      if (match) {
        const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        found.push({
          field: path,
          message: `must not contain control characters or broken Unicode (U+${code} at character ${match.index + 1})`,
        });
      }
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) pending.push([child, path ? `${path}.${key}` : key]);
    }
  }
  return found.reverse();
}

/**
 * Nest's pipe, except that a body must be a JSON object (Nest would read `null` as `{}`; no body at
 * all is `{}`) and no string may hold a control character (a 400 naming the field, not a database
 * error).
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // No body at all is an empty one: an action whose fields are all optional needs none, and a
    // missing required field is named.
    if (metadata.type === 'body' && metadata.metatype && value === undefined) value = {};
    if (metadata.type === 'body' && metadata.metatype && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ValidationFailed('The request body must be a JSON object.');
    }
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = forbiddenCharacters(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problems.length) throw invalid(problems);
    }
    return super.transform(value, metadata);
  }
}

export function invalid(problems: FieldProblem[]): ValidationFailed {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = problems.length - listed.length;
  const detail = listed.map((p) => `${p.field} ${p.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
  return new ValidationFailed(detail || 'Invalid input.', listed);
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
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}
