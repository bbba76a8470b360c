import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret part of a link to set a password (an invitation or a reset): the link's id and an
 * HMAC of it under the server's secret. The database stores the id only, so that whoever reads it
 * (a backup, a replica, the worker's outbox) cannot set anyone's password; the worker signs the id
 * again when it writes the e-mail, the API checks the signature before it looks the id up.
 */
export function passwordLinkToken(linkId: string, secret: string): string {
  return `${linkId}.${signature(linkId, secret)}`;
}

/** The web front end's page that sets the password, with the token after `#` so that it reaches no server log. */
export function passwordLinkUrl(publicBaseUrl: string, linkId: string, secret: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/set-password#token=${passwordLinkToken(linkId, secret)}`;
}

/** The link id of a well-signed token; null for anything else. */
export function passwordLinkId(token: string, secret: string): string | null {
  const [linkId, given, ...rest] = token.split('.');
  if (!linkId || !given || rest.length || !UUID.test(linkId)) return null;
  const expected = Buffer.from(signature(linkId, secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? linkId : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A label of its own, so that no other HMAC under the same secret can pass for a password link.
const signature = (linkId: string, secret: string) => createHmac('sha256', secret).update(`password-link:${linkId}`).digest('base64url');
