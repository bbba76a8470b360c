/**
 * A request body the parser refused (not JSON, a `__proto__` key, nested too deep, a type the API
 * does not take). The parser hands it on instead of failing at once, so that a caller without a
 * valid token gets 401 before any word about its body, as with every other kind of bad input;
 * UndeclaredInputGuard, the guard after the access guard, then answers with the parser's error.
 */
export class UnreadableBody {
  constructor(readonly error: Error) {}
}
