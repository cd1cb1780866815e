import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../../src/lib/auth/password.ts';

describe('passwords', () => {
  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
  it('refuses short, overlong and common passwords; counts characters, not bytes', () => {
    expect(passwordProblem('1234567')).toBe('tooShort');
    expect(passwordProblem('password')).toBe('tooCommon');
    expect(passwordProblem('Qwerty123')).toBe('tooCommon');
    expect(passwordProblem('x'.repeat(256))).toBe('tooLong');
    expect(passwordProblem('گذرواژه۱')).toBeUndefined(); // 8 characters, 15 bytes
    expect(passwordProblem('😀😀😀😀😀😀😀')).toBe('tooShort');
    expect(passwordProblem('x'.repeat(255))).toBeUndefined();
  });
});
