import { renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readDeclarativeText } from './config/config-loader';
import { KEYS_CONSUMER, mergePublicKeys, parseDeclarativeDocument } from './jwt/merge-public-keys';
import { readPublicKeyDirectory } from './jwt/public-key-directory';

const USAGE = 'usage: render-kong-config --config <kong.yml> --public-keys <dir> --out <file>\n';

/**
 * CLI: node dist/apps/gateway/src/render-kong-config.js --config kong/kong.yml --public-keys <dir> --out <file>
 * Writes the file real Kong loads: kong.yml with one jwt_secrets entry per `<kid>.public.pem` of the directory on
 * consumer taskhub-users (the same merge the local gateway does in memory). The output is replaced atomically.
 * Exits 0 when written, 1 when the input or a key file is unusable, 2 on usage errors.
 */
function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  if (!args) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const directory = readPublicKeyDirectory(args.publicKeys);
    if (directory.problems.length > 0) {
      process.stderr.write(`render-kong-config: unusable key files in ${args.publicKeys}:\n${directory.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 1;
    }
    const document = parseDeclarativeDocument(readDeclarativeText(args.config), args.config);
    mergePublicKeys(document, directory.keys);
    const temporary = join(dirname(args.out), `.${basename(args.out)}.${process.pid}.tmp`);
    writeFileSync(temporary, document.toString(), { mode: 0o644 });
    renameSync(temporary, args.out);
    const kids = directory.keys.map((k) => k.kid);
    process.stdout.write(`${args.out}: ${args.config} with ${kids.length} key(s) on consumer ${KEYS_CONSUMER}${kids.length ? `: ${kids.join(', ')}` : ''}\n`);
    if (kids.length === 0) {
      process.stderr.write(`render-kong-config: warning: no <kid>.public.pem in ${args.publicKeys}; Kong will refuse every request to a jwt-protected route with 401\n`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`render-kong-config: ${message}\n`);
    return 1;
  }
}

interface Args {
  readonly config: string;
  readonly publicKeys: string;
  readonly out: string;
}

function parseArgs(argv: readonly string[]): Args | undefined {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--config', '--public-keys', '--out'].includes(flag) || value === undefined || value.startsWith('--') || values.has(flag)) return undefined;
    values.set(flag, value);
  }
  const config = values.get('--config');
  const publicKeys = values.get('--public-keys');
  const out = values.get('--out');
  if (!config || !publicKeys || !out) return undefined;
  return { config, publicKeys, out };
}

process.exitCode = main(process.argv.slice(2));
