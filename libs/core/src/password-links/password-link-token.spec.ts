import { passwordLinkId, passwordLinkToken } from './password-link-token';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const ID = '0b5c0a1e-3f1d-4c4e-9a57-2f1f0c6f7d11';

describe('password link tokens', () => {
  it('carry the link id, which only a token signed with the same secret gives back', () => {
    const token = passwordLinkToken(ID, SECRET);
    expect(token.startsWith(`${ID}.`)).toBe(true);
    expect(passwordLinkId(token, SECRET)).toBe(ID);
    expect(passwordLinkId(token, `${SECRET}-other`)).toBeNull();
  });

  it('refuse a changed id, a changed or missing signature and anything malformed', () => {
    const token = passwordLinkToken(ID, SECRET);
    const otherId = ID.replace(/^0/, '1');
    const signatureOnly = token.slice(ID.length + 1);
    for (const forged of [
      `${otherId}.${signatureOnly}`,
      `${ID}.${signatureOnly.slice(0, -1)}A`,
      `${ID}.`,
      ID,
      `${token}.extra`,
      `not-a-uuid.${signatureOnly}`,
      '',
    ])
      expect(passwordLinkId(forged, SECRET)).toBeNull();
  });
});
