// npm run user:create -- --email a@b.c --role admin [--username u] [--name "Name"] [--password "…"] [--locale fa]
// Creates a verified user, or sets the role of the user who already has that email. Without
// --username, one is made from the name (or the address), numbered when taken.
// npm run user:create -- --email a@b.c --reset-2fa
// For a member who lost the phone and the recovery codes: removes two-factor sign-in from that
// account and ends its sessions (nothing else changes; the role stays), and says what it did.
import { parseArgs } from 'node:util';
import { createOrPromoteUser } from '../lib/auth/accounts.ts';
import { describeTwoFactorReset, resetTwoFactor } from '../lib/auth/two-factor.ts';
import { isRole, roles } from '../lib/auth/authorize.ts';
import { migrateToLatest } from '../lib/db/index.ts';
import { isLocale } from '../i18n/index.ts';
import { openCommandDatabase } from './database.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    role: { type: 'string', default: 'member' },
    username: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    locale: { type: 'string', default: 'fa' },
    'reset-2fa': { type: 'boolean', default: false },
  },
});
if (!values.email || !isRole(values.role) || !isLocale(values.locale)) {
  console.error(
    `Usage: npm run user:create -- --email <email> --role <${roles.join('|')}> [--username <username>] [--name <name>] [--password <password>] [--locale fa|ru|en]\n` +
      `       npm run user:create -- --email <email> --reset-2fa`,
  );
  process.exit(2);
}
const { db } = await openCommandDatabase();
try {
  await migrateToLatest(db);
  if (values['reset-2fa']) {
    const reset = await resetTwoFactor(db, values.email);
    if (reset) console.log(describeTwoFactorReset(values.email, reset));
    else {
      console.error(`No account has the address ${values.email}; nothing changed.`);
      process.exitCode = 1;
    }
  } else {
    const result = await createOrPromoteUser(db, {
      email: values.email,
      role: values.role,
      locale: values.locale,
      ...(values.username ? { username: values.username } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...(values.password ? { password: values.password } : {}),
    });
    console.log(
      result.created
        ? `Created ${values.email} (@${result.username}) as ${values.role}.`
        : `${values.email} (@${result.username}) is now ${values.role}.`,
    );
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
