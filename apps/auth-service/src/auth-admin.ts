import { runAuthCli } from './cli/auth-cli';

/** `node dist/apps/auth-service/src/auth-admin.js <command>`: see USAGE in cli/auth-cli.ts. */
runAuthCli(process.argv.slice(2), { env: process.env, out: (line) => process.stdout.write(`${line}\n`) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
