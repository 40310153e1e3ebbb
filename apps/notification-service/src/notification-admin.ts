import { runNotificationCli } from './cli/notification-cli';

/** `node dist/apps/notification-service/src/notification-admin.js <command>`: see USAGE in cli/notification-cli.ts. */
runNotificationCli(process.argv.slice(2), { env: process.env, out: (line) => process.stdout.write(`${line}\n`) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
