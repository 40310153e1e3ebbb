import { runEventsCli } from './events-cli';

/** `npm run events -- <command>`: see USAGE in events-cli.ts. */
runEventsCli(process.argv.slice(2), { env: process.env, out: (line) => process.stdout.write(`${line}\n`) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
