import { runActivityCli } from './activity/cli/activity-cli';

/** `node dist/apps/task-service/src/activity-admin.js <command>` (`npm run activity-admin -- <command>`): see USAGE in activity/cli/activity-cli.ts. */
runActivityCli(process.argv.slice(2), { env: process.env, out: (line) => process.stdout.write(`${line}\n`) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`activity-admin: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
