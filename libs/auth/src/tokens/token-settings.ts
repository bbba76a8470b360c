/** Claims that every access token must carry; checked on verification. */
export const TOKEN_AUDIENCE = 'case-coordination-api';
export const TOKEN_ISSUER = 'case-coordination';
/** Only this algorithm is accepted; `none` and asymmetric confusion are impossible. */
export const TOKEN_ALGORITHMS = ['HS256'] as const;

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  typ: 'access';
  iat: number;
  exp: number;
}
