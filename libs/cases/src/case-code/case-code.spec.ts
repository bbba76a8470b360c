import {
  CASE_CODE_ALPHABET,
  CASE_CODE_LENGTH,
  CASE_CODE_PATTERN,
  CASE_CODE_QUASIGROUP,
  QUASIGROUP_MULTIPLIER,
  caseCodeCheckCharacter,
  formatCaseCode,
  generateCaseCode,
  gf32Multiply,
  isValidCaseCode,
  normaliseCaseCode,
} from './case-code';

/** Deterministic byte source (mulberry32) so failures are reproducible. */
function seededRandom(seed: number): (bytes: number) => Buffer {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return (bytes) => Buffer.from(Array.from({ length: bytes }, () => next() & 0xff));
}

const canonical = (displayed: string): string => displayed.replace('-', '');
const range32 = Array.from({ length: 32 }, (_, index) => index);

describe('case-code alphabet', () => {
  it('has 32 distinct symbols and none of I, L, O, U', () => {
    expect(new Set(CASE_CODE_ALPHABET).size).toBe(32);
    expect(CASE_CODE_ALPHABET).toHaveLength(32);
    expect(CASE_CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });
});

describe('GF(32) arithmetic (exhaustive)', () => {
  it('stays within 0..31, is commutative, associative and distributive over xor', () => {
    for (const x of range32) {
      for (const y of range32) {
        const product = gf32Multiply(x, y);
        expect(product).toBeGreaterThanOrEqual(0);
        expect(product).toBeLessThan(32);
        expect(gf32Multiply(y, x)).toBe(product);
        for (const z of range32) {
          if (gf32Multiply(product, z) !== gf32Multiply(x, gf32Multiply(y, z))) throw new Error(`not associative at ${x},${y},${z}`);
          if (gf32Multiply(x, y ^ z) !== (product ^ gf32Multiply(x, z))) throw new Error(`not distributive at ${x},${y},${z}`);
        }
      }
    }
  });

  it('is a field: 1 is the identity, there are no zero divisors and every non-zero element has an inverse', () => {
    for (const x of range32) {
      expect(gf32Multiply(x, 1)).toBe(x);
      expect(gf32Multiply(x, 0)).toBe(0);
      if (x === 0) continue;
      expect(range32.filter((y) => gf32Multiply(x, y) === 1)).toHaveLength(1);
      for (const y of range32.slice(1)) expect(gf32Multiply(x, y)).not.toBe(0);
    }
  });

  it('uses a multiplier that generates the whole multiplicative group (order 31)', () => {
    expect(QUASIGROUP_MULTIPLIER).not.toBe(0);
    expect(QUASIGROUP_MULTIPLIER).not.toBe(1);
    const powers = new Set<number>();
    let power = 1;
    for (let k = 0; k < 31; k++) {
      powers.add(power);
      power = gf32Multiply(power, QUASIGROUP_MULTIPLIER);
    }
    expect(powers.size).toBe(31);
    expect(power).toBe(1);
  });
});

describe('the Damm quasigroup (exhaustive)', () => {
  it('is a 32×32 Latin square (a quasigroup)', () => {
    expect(CASE_CODE_QUASIGROUP).toHaveLength(32);
    for (const x of range32) {
      expect(new Set(CASE_CODE_QUASIGROUP[x]).size).toBe(32);
      expect(new Set(range32.map((y) => CASE_CODE_QUASIGROUP[y][x])).size).toBe(32);
    }
  });

  it('is totally anti-symmetric: (c∘x)∘y = (c∘y)∘x implies x = y, for all c, x, y', () => {
    const op = (x: number, y: number): number => CASE_CODE_QUASIGROUP[x][y];
    let checked = 0;
    for (const c of range32) {
      for (const x of range32) {
        for (const y of range32) {
          if (x !== y && op(op(c, x), y) === op(op(c, y), x)) throw new Error(`not anti-symmetric at c=${c}, x=${x}, y=${y}`);
          checked++;
        }
      }
    }
    expect(checked).toBe(32 ** 3);
  });

  it('is weakly totally anti-symmetric too: x∘y = y∘x implies x = y', () => {
    for (const x of range32) for (const y of range32) if (x !== y) expect(CASE_CODE_QUASIGROUP[x][y]).not.toBe(CASE_CODE_QUASIGROUP[y][x]);
  });
});

describe('check character', () => {
  it('makes the code a word of the linear code Σ a^(7−i)·cᵢ = 0 over GF(32)', () => {
    const random = seededRandom(7);
    for (let run = 0; run < 500; run++) {
      const code = canonical(generateCaseCode(random));
      let sum = 0;
      for (let index = 0; index < CASE_CODE_LENGTH; index++) {
        let weight = 1;
        for (let k = 0; k < CASE_CODE_LENGTH - 1 - index; k++) weight = gf32Multiply(weight, QUASIGROUP_MULTIPLIER);
        sum ^= gf32Multiply(weight, CASE_CODE_ALPHABET.indexOf(code[index]));
      }
      expect(sum).toBe(0);
    }
  });

  it('is stable (regression vectors)', () => {
    expect(caseCodeCheckCharacter('0000000')).toBe('0');
    expect(caseCodeCheckCharacter('0000001')).toBe('2');
    expect(caseCodeCheckCharacter('1000000')).toBe(CASE_CODE_ALPHABET[0b10100]);
    expect(isValidCaseCode('0000-0000')).toBe(true);
  });

  it('refuses bodies of the wrong length or with foreign characters', () => {
    expect(() => caseCodeCheckCharacter('000000')).toThrow(RangeError);
    expect(() => caseCodeCheckCharacter('00000000')).toThrow(RangeError);
    expect(() => caseCodeCheckCharacter('000000I')).toThrow(RangeError);
  });
});

describe('generateCaseCode', () => {
  it('produces XXXX-XXXX codes that are valid', () => {
    for (let run = 0; run < 1000; run++) {
      const code = generateCaseCode();
      expect(code).toMatch(CASE_CODE_PATTERN);
      expect(isValidCaseCode(code)).toBe(true);
      expect(normaliseCaseCode(code)).toBe(canonical(code));
    }
  });

  it('asks for 7 bytes and maps every byte value evenly onto the 32 symbols', () => {
    const requested: number[] = [];
    const counts = new Map<string, number>();
    for (let start = 0; start < 256; start += 7) {
      const code = generateCaseCode((bytes) => {
        requested.push(bytes);
        return Buffer.from(Array.from({ length: bytes }, (_, index) => (start + index) % 256));
      });
      for (const symbol of canonical(code).slice(0, 7)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    expect(new Set(requested)).toEqual(new Set([7]));
    expect(counts.size).toBe(32);
    // 37 codes × 7 bytes = 259 bytes: 0..255 once each plus 0, 1, 2 again; 256 / 32 = 8 per symbol.
    for (const [symbol, count] of counts) expect(count).toBe(['0', '1', '2'].includes(symbol) ? 9 : 8);
  });

  it('is deterministic for a given byte source', () => {
    expect(generateCaseCode(() => Buffer.from([0, 1, 2, 3, 4, 5, 6]))).toBe(`0123-456${caseCodeCheckCharacter('0123456')}`);
    expect(generateCaseCode(() => Buffer.from([32, 33, 34, 35, 36, 37, 38]))).toBe(
      generateCaseCode(() => Buffer.from([0, 1, 2, 3, 4, 5, 6])),
    );
  });

  it('refuses a random source that returns too few bytes', () => {
    expect(() => generateCaseCode(() => Buffer.alloc(6))).toThrow(RangeError);
  });
});

describe('normaliseCaseCode', () => {
  const code = generateCaseCode(seededRandom(42));
  const plain = canonical(code);

  it('accepts the displayed and canonical forms', () => {
    expect(normaliseCaseCode(code)).toBe(plain);
    expect(normaliseCaseCode(plain)).toBe(plain);
  });

  it('is case-insensitive and ignores spaces, dashes and dots', () => {
    expect(normaliseCaseCode(code.toLowerCase())).toBe(plain);
    expect(normaliseCaseCode(`  ${plain.slice(0, 4)} ${plain.slice(4)}  `)).toBe(plain);
    expect(normaliseCaseCode(plain.split('').join(' '))).toBe(plain);
    expect(normaliseCaseCode(`${plain.slice(0, 2)}.${plain.slice(2, 6)}--${plain.slice(6)}`)).toBe(plain);
    expect(normaliseCaseCode(`${plain.slice(0, 4)}\u2013${plain.slice(4)}`)).toBe(plain); // en dash
    expect(normaliseCaseCode(`${plain.slice(0, 4)}\t${plain.slice(4)}\n`)).toBe(plain);
  });

  it('reads the common misreadings O→0, I→1, L→1, U→V', () => {
    expect(normaliseCaseCode('OOOO-OOOO')).toBe('00000000');
    expect(normaliseCaseCode('oIlU-0000')).toBe('011V0000');
    expect(normaliseCaseCode('i1L1-uvUV')).toBe('1111VVVV');
  });

  it('keeps codes with a 0 or 1 recognisable when typed with O or I/L', () => {
    const withZeroOne = '01AB-CD1' + caseCodeCheckCharacter('01ABCD1');
    expect(isValidCaseCode(withZeroOne)).toBe(true);
    expect(isValidCaseCode(withZeroOne.replace('0', 'O'))).toBe(true);
    expect(isValidCaseCode(withZeroOne.replace('1', 'I'))).toBe(true);
    expect(isValidCaseCode(withZeroOne.replace('1', 'l'))).toBe(true);
  });

  it('normalises full-width characters', () => {
    expect(normaliseCaseCode('ＡＢＣＤ－１２３４')).toBe('ABCD1234');
  });

  it.each([
    ['empty', ''],
    ['only separators', ' - . '],
    ['too short', 'ABCD-123'],
    ['too long', 'ABCD-12345'],
    ['foreign letter', 'ABCD-123Ä'],
    ['punctuation', 'ABCD-12!4'],
    ['underscore separator', 'ABCD_1234'],
    ['very long input', 'A'.repeat(10_000)],
  ])('returns null for %s', (_label, input) => {
    expect(normaliseCaseCode(input)).toBeNull();
    expect(isValidCaseCode(input)).toBe(false);
  });

  it('returns null for non-strings passed from untyped callers', () => {
    expect(normaliseCaseCode(undefined as unknown as string)).toBeNull();
    expect(normaliseCaseCode(12345678 as unknown as string)).toBeNull();
  });
});

describe('isValidCaseCode: every single substitution and adjacent transposition is detected', () => {
  it('over 3,000 random codes, all 8 × 31 substitutions and all 7 adjacent transpositions', () => {
    const random = seededRandom(2026);
    let substitutions = 0;
    let transpositions = 0;
    for (let run = 0; run < 3000; run++) {
      const code = canonical(generateCaseCode(random));
      expect(isValidCaseCode(code)).toBe(true);
      for (let position = 0; position < CASE_CODE_LENGTH; position++) {
        for (const symbol of CASE_CODE_ALPHABET) {
          if (symbol === code[position]) continue;
          const typo = code.slice(0, position) + symbol + code.slice(position + 1);
          if (isValidCaseCode(typo)) throw new Error(`substitution not detected: ${code} → ${typo}`);
          substitutions++;
        }
      }
      for (let position = 0; position < CASE_CODE_LENGTH - 1; position++) {
        if (code[position] === code[position + 1]) continue;
        const swapped = code.slice(0, position) + code[position + 1] + code[position] + code.slice(position + 2);
        if (isValidCaseCode(swapped)) throw new Error(`transposition not detected: ${code} → ${swapped}`);
        transpositions++;
      }
    }
    expect(substitutions).toBe(3000 * 8 * 31);
    expect(transpositions).toBeGreaterThan(3000 * 7 * 0.9);
  });

  it('for every symbol pair at every adjacent data position, and for every data/check pair at the end', () => {
    const base = 'K7QZ3MP';
    const swap = (code: string, position: number): string =>
      code.slice(0, position) + code[position + 1] + code[position] + code.slice(position + 2);
    let checked = 0;
    for (let position = 0; position < CASE_CODE_LENGTH - 2; position++) {
      for (const x of CASE_CODE_ALPHABET) {
        for (const y of CASE_CODE_ALPHABET) {
          if (x === y) continue;
          const body = base.slice(0, position) + x + y + base.slice(position + 2);
          const code = body + caseCodeCheckCharacter(body);
          expect(isValidCaseCode(code)).toBe(true);
          if (isValidCaseCode(swap(code, position))) throw new Error(`transposition not detected: ${code}`);
          checked++;
        }
      }
    }
    // The last data character and the check character: every prefix of 6 symbols from a few, every last data symbol.
    for (const prefix of ['000000', 'ZZZZZZ', base.slice(0, 6), '9XW2HJ']) {
      for (const x of CASE_CODE_ALPHABET) {
        const code = prefix + x + caseCodeCheckCharacter(prefix + x);
        if (code[6] === code[7]) continue;
        if (isValidCaseCode(swap(code, 6))) throw new Error(`transposition not detected: ${code}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(6 * 32 * 31);
  });

  it('rejects a typical mistyped code', () => {
    const code = canonical(generateCaseCode(seededRandom(1)));
    const wrongCheck = code.slice(0, 7) + CASE_CODE_ALPHABET[(CASE_CODE_ALPHABET.indexOf(code[7]) + 1) % 32];
    expect(isValidCaseCode(wrongCheck)).toBe(false);
  });
});

describe('formatCaseCode and CASE_CODE_PATTERN', () => {
  it('formats canonical codes as XXXX-XXXX', () => {
    expect(formatCaseCode('ABCD1234')).toBe('ABCD-1234');
    expect(formatCaseCode('abcd 1234')).toBe('ABCD-1234');
    expect(() => formatCaseCode('ABC')).toThrow(RangeError);
  });

  it('matches only the upper-case displayed form', () => {
    expect(CASE_CODE_PATTERN.test('ABCD-1234')).toBe(true);
    expect(CASE_CODE_PATTERN.test('0000-ZZZZ')).toBe(true);
    for (const bad of ['abcd-1234', 'ABCD1234', 'ABCD-123', 'ABCI-1234', 'ABCL-1234', 'ABCO-1234', 'ABCU-1234', ' ABCD-1234'])
      expect(CASE_CODE_PATTERN.test(bad)).toBe(false);
  });
});
