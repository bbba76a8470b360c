import { commonPasswordCount, passwordProblem } from './password-policy';

describe('password policy', () => {
  it('ships a list of at least 3,000 common passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(3000);
  });

  it.each(['password', 'Password1', '12345678', 'sunshine', 'iloveyou'])('refuses the common password %s', (password) => {
    expect(passwordProblem(password)).toMatch(/commonly used/);
  });

  it('refuses passwords shorter than 8 characters, counting Unicode characters', () => {
    expect(passwordProblem('kurz7!')).toMatch(/at least 8/);
    expect(passwordProblem('ääääääää')).toBeNull();
  });

  it('accepts long passphrases without composition rules, up to 128 characters', () => {
    expect(passwordProblem('lindenauer hafen im herbst')).toBeNull();
    expect(passwordProblem('x'.repeat(64) + 'y'.repeat(64))).toBeNull();
    expect(passwordProblem('z'.repeat(129))).toMatch(/at most 128/);
  });
});
