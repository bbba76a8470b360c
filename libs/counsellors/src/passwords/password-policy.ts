import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * The most common passwords from breach corpora (zxcvbn-ts's frequency list, about 49,000
 * entries, most frequent first), compared case-insensitively.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  (dictionary['passwords-common'] as string[]).map((password) => password.toLowerCase()),
);

export function commonPasswordCount(): number {
  return COMMON_PASSWORDS.size;
}

/**
 * ASVS 5.0 password rules: length 8 to 128 (Unicode code points), no composition rules,
 * refused when among the common passwords. Returns the reason, or null when acceptable.
 */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long (15 or more recommended)`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'is one of the most commonly used passwords; choose another';
  return null;
}
