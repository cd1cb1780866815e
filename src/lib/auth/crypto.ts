// The few primitives the auth code needs, from node:crypto.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Lucia's alphabet: lower-case letters and digits without look-alikes (0/o, 1/l).
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 24 random characters of 5 bits each: 120 bits of entropy. */
export function randomToken(): string {
  return randomString(24);
}

/** `length` random characters of Lucia's alphabet, 5 bits each (recovery codes use 16: 80 bits). */
export function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte >> 3];
  return out;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compares two equal-length hex digests without leaking where they differ. */
export function constantTimeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Splits an `<id>.<secret>` token; undefined when it is not of that shape. */
export function splitToken(token: string): { id: string; secret: string } | undefined {
  const match = /^([a-z2-9]{24})\.([a-z2-9]{24})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}
