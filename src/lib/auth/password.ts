// Password rules and hashing: argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane),
// 8–255 characters, and none of the ~49,000 most common passwords (zxcvbn-ts common list).
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

const ARGON2ID = 2; // @node-rs/argon2 Algorithm.Argon2id (a const enum, so spelled out here)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 255;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'tooCommon';

/** Why a new password is refused, or undefined when it is acceptable. Lengths in code points. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'tooShort';
  if (length > PASSWORD_MAX) return 'tooLong';
  if (commonPasswords().has(password.toLowerCase())) return 'tooCommon';
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // malformed stored hash
  }
}

let dummy: Promise<string> | undefined;
/** Burns the same time as a real verification, so an unknown email answers as slowly. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('dummy password for timing');
  await verifyPassword(await dummy, password);
  return false;
}
