// The forgot-password form: limits per client address and per typed address, then the request
// is queued (./account-mail.ts). The answer is the same for every address and takes the same
// work, so neither its words nor its timing tell whether the address has an account.
import type { Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { queuePasswordReset } from './account-mail.ts';
import { normalizeEmail } from './accounts.ts';
import { sha256Hex } from './crypto.ts';

const HOUR_MS = 60 * 60_000;
const RESET_LIMITS = {
  perAddress: { max: 10, windowMs: HOUR_MS },
  perEmail: { max: 3, windowMs: HOUR_MS },
};

export async function runForgotPasswordForm(
  db: Db,
  input: { email: string; locale: Locale; addressKey: string },
  now = Date.now(),
): Promise<'sent' | 'rateLimited'> {
  const byAddress = await hitRateLimit(db, `reset:address:${input.addressKey}`, RESET_LIMITS.perAddress, now);
  if (!byAddress.allowed) return 'rateLimited';
  const email = normalizeEmail(input.email);
  const byEmail = await hitRateLimit(db, `reset:email:${sha256Hex(email)}`, RESET_LIMITS.perEmail, now);
  // Over the per-email limit the answer is the same as always, so it reveals nothing.
  if (byEmail.allowed) await queuePasswordReset(db, { email, locale: input.locale }, now);
  return 'sent';
}
