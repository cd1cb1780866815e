import { describe, expect, it } from 'vitest';
import { constantTimeEqualHex, randomToken, sha256Hex, splitToken } from '../../../src/lib/auth/crypto.ts';

describe('random tokens', () => {
  it('are 24 characters from the 32-letter alphabet and do not repeat', () => {
    const tokens = new Set(Array.from({ length: 2000 }, randomToken));
    expect(tokens.size).toBe(2000);
    for (const t of tokens) expect(t).toMatch(/^[a-km-z2-9]{24}$/);
  });
  it('split only `<id>.<secret>` of the right shape', () => {
    const id = randomToken();
    const secret = randomToken();
    expect(splitToken(`${id}.${secret}`)).toEqual({ id, secret });
    for (const bad of ['', id, `${id}.`, `${id}.${secret}.x`, `${id}.${secret.toUpperCase()}`, `../${secret}`])
      expect(splitToken(bad)).toBeUndefined();
  });
  it('compares digests in constant time and refuses empty or different lengths', () => {
    expect(constantTimeEqualHex(sha256Hex('a'), sha256Hex('a'))).toBe(true);
    expect(constantTimeEqualHex(sha256Hex('a'), sha256Hex('b'))).toBe(false);
    expect(constantTimeEqualHex('', '')).toBe(false);
    expect(constantTimeEqualHex('abcd', 'abcdef')).toBe(false);
  });
});
