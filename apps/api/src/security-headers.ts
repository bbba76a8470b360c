import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Headers of every API response (JSON, CSV, problem+json), after OWASP's REST Security Cheat Sheet:
 * nothing in them is ever to be run, framed, sniffed, cached or sent on as a referrer. The
 * browser-document headers (a page CSP, DNS prefetch, download options...) mean nothing for a JSON
 * body; sent with each of many small answers they cost bytes and CPU.
 */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  // Responses may carry case data: never cache them anywhere.
  'cache-control': 'no-store',
};

const DOCUMENT_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
  },
};

/**
 * Helmet's headers for HTML documents (the OpenAPI UI), computed once: they depend on nothing in
 * the request (no CSP nonces).
 */
export function documentHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(DOCUMENT_OPTIONS)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return { ...headers, 'cache-control': API_HEADERS['cache-control'] };
}
