import { AsyncLocalStorage } from 'node:async_hooks';

/** What code deep inside a request may need without every caller passing it down. */
export interface RequestContext {
  /** The caller's address (behind TRUST_PROXY, the client's), for the audit log. */
  address: string;
}

/** Entered by the API for each request's handler (configureApp); empty in the worker and the CLI. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
