// Storing a request: the request, its deliveries (one outbox row per receiver) and the end of
// its contact flow, in one transaction, so a request is never stored without its deliveries.
// The reference is what the customer quotes to support; it is random (40 bits), so knowing one
// tells nothing about another, and it is never enough to see a request: the confirmation page
// also needs the receipt token kept in the submitting browser's cookie.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { DeliveryReceiver } from '../db/schema.ts';
import { constantTimeEqualHex, randomToken, sha256Hex } from '../auth/crypto.ts';
import { hitRateLimit, type Limit } from '../rate-limit.ts';
import type { ContactInput } from './text.ts';

/** Confirmation mails one address may receive from the contact form. */
export const CONFIRMATIONS_PER_ADDRESS: Limit = { max: 3, windowMs: 24 * 60 * 60_000 };

// Crockford's base 32: no I, L, O, U, so a reference read aloud or typed is hard to get wrong.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `PSK-XXXX-XXXX`: 8 random base-32 characters, 40 bits. */
export function newReference(bytes: Buffer = randomBytes(5)): string {
  let bits = 0n;
  for (const byte of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `PSK-${out.slice(0, 4)}-${out.slice(4)}`;
}

export const REFERENCE_PATTERN = /^PSK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

export interface SubmitInput extends ContactInput {
  locale: string;
  visitor: string;
  userId: number | null;
  flowId: string | null;
  /** Receivers of the hand-off to support (webhook and/or support mail); the confirmation to the customer is always added. */
  receivers: readonly Exclude<DeliveryReceiver, 'confirmation'>[];
}

export interface SubmittedRequest {
  id: number;
  reference: string;
  /** `<reference>.<secret>` for the confirmation cookie; only its hash is stored. */
  receipt: string;
}

export async function submitRequest(db: Db, input: SubmitInput, now = Date.now()): Promise<SubmittedRequest> {
  const secret = randomToken();
  return db.transaction().execute(async (tx) => {
    let inserted: { id: number; reference: string } | undefined;
    // One in a trillion: the reference is taken; draw again. DO NOTHING rather than catching the
    // error, since on Postgres an error ends the transaction.
    for (let attempt = 0; !inserted; attempt++) {
      if (attempt > 3) throw new Error('contact_requests: no free reference after 4 draws');
      inserted = await tx
        .insertInto('contact_requests')
        .values({
          reference: newReference(),
          receipt_hash: sha256Hex(secret),
          locale: input.locale,
          email: input.email,
          subject: input.subject,
          description: input.description,
          user_id: input.userId,
          visitor: input.visitor,
          flow_id: input.flowId,
          created_at: now,
        })
        .onConflict((oc) => oc.column('reference').doNothing())
        .returning(['id', 'reference'])
        .executeTakeFirst();
    }
    // The confirmation goes to an address the visitor typed, unverified: at most a few a day per
    // address, so the form cannot be used to mail someone over and over.
    const confirmations = await hitRateLimit(
      tx,
      `contact-confirmation:${sha256Hex(input.email.toLowerCase())}`,
      CONFIRMATIONS_PER_ADDRESS,
      now,
    );
    const receivers: DeliveryReceiver[] = [
      ...new Set(input.receivers),
      ...(confirmations.allowed ? (['confirmation'] as const) : []),
    ];
    await tx
      .insertInto('contact_deliveries')
      .values(
        receivers.map((receiver) => ({
          request_id: inserted!.id,
          receiver,
          idempotency_key: `${inserted!.reference}:${receiver}:${randomToken().slice(0, 12)}`,
          next_attempt_at: now,
          created_at: now,
        })),
      )
      .execute();
    if (input.flowId) {
      await tx
        .updateTable('contact_flows')
        .set({ outcome: 'submitted', request_id: inserted.id, ended_at: now, updated_at: now })
        .where('id', '=', input.flowId)
        .where('outcome', 'in', ['open', 'abandoned'])
        .execute();
    }
    return { id: inserted.id, reference: inserted.reference, receipt: `${inserted.reference}.${secret}` };
  });
}

/** The request a receipt (from the submitting browser's cookie) stands for, or undefined. */
export async function requestByReceipt(
  db: Db,
  receipt: string | undefined,
): Promise<
  { id: number; reference: string; email: string; subject: string; locale: string; created_at: number } | undefined
> {
  const match = /^(PSK-[0-9A-Z]{4}-[0-9A-Z]{4})\.([a-z2-9]{24})$/.exec(receipt ?? '');
  if (!match) return undefined;
  const row = await db
    .selectFrom('contact_requests')
    .select(['id', 'reference', 'email', 'subject', 'locale', 'created_at', 'receipt_hash'])
    .where('reference', '=', match[1]!)
    .executeTakeFirst();
  if (!row || !constantTimeEqualHex(row.receipt_hash, sha256Hex(match[2]!))) return undefined;
  const { receipt_hash: _hash, ...rest } = row;
  return rest;
}
