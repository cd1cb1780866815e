// The process's structured log: one JSON object a line on stdout (pino), for a log shipper or
// `journalctl -o cat | jq`. LOG_LEVEL picks how much (info by default).
import pino, { type Logger } from 'pino';
import { env } from './env.ts';

export type { Logger } from 'pino';

let current: Logger | undefined;

export function logger(): Logger {
  current ??= pino({ level: env().LOG_LEVEL });
  return current;
}
