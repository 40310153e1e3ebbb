import { runSeedCli } from './seed-cli';

/** `npm run seed -- --tasks <n>`: see USAGE in seed-cli.ts. */
runSeedCli(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
