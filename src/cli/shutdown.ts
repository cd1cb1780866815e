// Graceful shutdown on SIGINT/SIGTERM, within 10 s: `stop` answers what is in flight and closes
// everything; a repeated signal changes nothing; past the deadline the process exits anyway.
export const SHUTDOWN_DEADLINE_MS = 10_000;

export function stopOnSignal(stop: () => Promise<void>, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let shuttingDown = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (shuttingDown) return;
      shuttingDown = true;
      setTimeout(() => {
        console.error(`Shutdown did not finish within ${deadlineMs / 1000} s: exiting anyway.`);
        process.exit(1);
      }, deadlineMs - 500).unref();
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('Shutdown failed:', error);
          process.exit(1);
        },
      );
    });
  }
}
