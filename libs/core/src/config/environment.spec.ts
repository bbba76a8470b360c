import { ConfigurationError, trustedProxies, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('works with no variables at all, using local defaults', () => {
    const environment = validateEnvironment({});
    expect(environment.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/case_coordination');
    expect(environment.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(environment.PORT).toBe(3000);
  });

  it('converts numbers and booleans from their string form', () => {
    const environment = validateEnvironment({ PORT: '8080', LOG_PRETTY: 'true', DATABASE_POOL_SIZE: '25' });
    expect(environment).toMatchObject({ PORT: 8080, LOG_PRETTY: true, DATABASE_POOL_SIZE: 25 });
  });

  it('trusts X-Forwarded-For only from the proxies named: their number or addresses, never any (true)', () => {
    for (const wrong of ['true', '100', '99', '0', 'dead', 'ff', '10.0.0.0/33', '10.0.0.1, true']) {
      expect(() => validateEnvironment({ NODE_ENV: 'test', TRUST_PROXY: wrong })).toThrow(
        /TRUST_PROXY=.*must be false, the number of proxies/,
      );
    }
    expect(validateEnvironment({ NODE_ENV: 'test', TRUST_PROXY: ' 2 ' }).TRUST_PROXY).toBe(' 2 ');
    expect(validateEnvironment({ NODE_ENV: 'test', TRUST_PROXY: '::1, fd00::/8' }).TRUST_PROXY).toBe('::1, fd00::/8');
    expect(trustedProxies(validateEnvironment({}))).toBe(false);
    const oneProxy = trustedProxies(validateEnvironment({ NODE_ENV: 'test', TRUST_PROXY: '1' }));
    expect(typeof oneProxy).toBe('function');
    // Hop 0 is the socket's peer (the proxy); the entry before it is the client, not to be trusted further.
    expect([0, 1, 2].map((hop) => (oneProxy as (address: string, hop: number) => boolean)('10.0.0.1', hop))).toEqual([true, false, false]);
    expect(trustedProxies(validateEnvironment({ NODE_ENV: 'test', TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }))).toBe(
      '10.0.0.0/8, 192.168.1.1',
    );
  });

  it('reports one line per wrong value, naming the variable and the value', () => {
    let error: unknown;
    try {
      validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_KEY_PREFIX: 'a:b', JWT_SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems;
    expect(problems).toHaveLength(4);
    // Only what is wrong with it: not a number, rather than also "not above 65535" and "not below 0".
    expect(problems.find((p) => p.startsWith('PORT='))).toBe('PORT="eighty": PORT must be an integer number');
    expect(problems.find((p) => p.startsWith('DATABASE_URL='))).toContain('postgres://');
    expect(() => validateEnvironment({ PORT: '70000' })).toThrow(/PORT="70000": PORT must not be greater than 65535$/);
    expect(problems.find((p) => p.startsWith('REDIS_KEY_PREFIX='))).toContain('no ":"');
    expect(problems.find((p) => p.startsWith('JWT_SECRET='))).toContain('at least 32');
  });

  it('refuses the development JWT secret in production and beyond this machine', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set/);
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(48) }).NODE_ENV).toBe('production');
    // Nor beyond this machine in development: the development secret is public.
    expect(() => validateEnvironment({ HOST: '0.0.0.0' })).toThrow(/JWT_SECRET: must be set .* beyond this machine \(HOST=0\.0\.0\.0\)/);
    expect(() => validateEnvironment({ TRUST_PROXY: '1' })).toThrow(/beyond this machine \(TRUST_PROXY=1\)/);
    expect(() => validateEnvironment({ PUBLIC_BASE_URL: 'https://beratung.leipzig.example' })).toThrow(
      /beyond this machine \(PUBLIC_BASE_URL=/,
    );
    // The tests run with it wherever they pretend to be.
    expect(validateEnvironment({ NODE_ENV: 'test', TRUST_PROXY: '1' }).TRUST_PROXY).toBe('1');
    expect(validateEnvironment({ HOST: '0.0.0.0', JWT_SECRET: 'x'.repeat(48) }).HOST).toBe('0.0.0.0');
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(validateEnvironment({ HOST: host }).HOST).toBe(host);
  });
});

describe('optional settings', () => {
  it('reads optional variables such as SMTP_URL and validates them', () => {
    expect(validateEnvironment({ SMTP_URL: 'smtp://mail.example:587' }).SMTP_URL).toBe('smtp://mail.example:587');
    expect(validateEnvironment({}).SMTP_URL).toBeUndefined();
    expect(() => validateEnvironment({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
  });
});
