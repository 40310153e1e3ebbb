// `npm run compose:env`: writes the git-ignored `.env` that docker-compose.yml reads every credential from, with fresh
// random values, once. A value already in the file is never changed (the database roles and the broker user were
// created with it on the first `docker compose up`, and a new webhook key would leave the stored secrets unreadable);
// a variable the file lacks (added to docker-compose.yml since) is appended.
//   node tools/compose-env.mjs [--out <file>]      (default: .env at the workspace root)
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICES = ['auth', 'user', 'task', 'notification'];

/** URL-safe random text (base64url): usable as is in a URL's userinfo and in a .env line. */
const random = (bytes) => () => randomBytes(bytes).toString('base64url');
const password = random(24);
const secret = random(32); // 43 characters: CURSOR_SIGNING_SECRET, the webhook key and the device cookie key need 32 or more

/** Every variable docker-compose.yml interpolates, and how its value is made. */
const VARIABLES = {
  TASKHUB_POSTGRES_PASSWORD: password,
  ...Object.fromEntries(SERVICES.map((s) => [`TASKHUB_${s.toUpperCase()}_DB_PASSWORD`, password])),
  TASKHUB_RABBITMQ_USER: () => 'taskhub',
  TASKHUB_RABBITMQ_PASSWORD: password,
  // each service's own broker user (taskhub_<service>), created by the one-shot broker-users
  ...Object.fromEntries(SERVICES.map((s) => [`TASKHUB_${s.toUpperCase()}_RABBITMQ_PASSWORD`, password])),
  ...Object.fromEntries(SERVICES.map((s) => [`TASKHUB_${s.toUpperCase()}_CURSOR_SIGNING_SECRET`, secret])),
  // Redis: the administrator of the ACL file, and each service's and the gateway's own user (one-shot redis-acl)
  TASKHUB_REDIS_ADMIN_PASSWORD: password,
  ...Object.fromEntries([...SERVICES, 'gateway'].map((s) => [`TASKHUB_${s.toUpperCase()}_REDIS_PASSWORD`, password])),
  TASKHUB_WEBHOOK_SECRET_ENCRYPTION_KEY: secret,
  TASKHUB_AUTH_DEVICE_COOKIE_SECRET: secret,
  // Grafana's admin of the observability profile
  TASKHUB_GRAFANA_ADMIN_PASSWORD: password,
};

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
if (args.length > 0 && (outIndex !== 0 || args.length !== 2)) {
  console.error('usage: node tools/compose-env.mjs [--out <file>]');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = outIndex === 0 ? path.resolve(args[1]) : path.join(root, '.env');

let existing;
try {
  existing = readFileSync(out, 'utf8');
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
const present = new Set([...(existing ?? '').matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1]));
const added = Object.entries(VARIABLES)
  .filter(([name]) => !present.has(name))
  .map(([name, make]) => `${name}=${make()}`);

if (existing === undefined) {
  const header = [
    '# docker-compose.yml credentials, written by `npm run compose:env`: random, for this machine only, never committed.',
    '# Changing one after the first `docker compose up` needs the role or user changed too, or `docker compose down -v`.',
  ];
  writeFileSync(out, `${[...header, ...added].join('\n')}\n`, { flag: 'wx', mode: 0o600 });
  console.log(`${out}: written with fresh credentials; next: docker compose up --build`);
} else if (added.length > 0) {
  appendFileSync(out, `${existing.endsWith('\n') || existing === '' ? '' : '\n'}${added.join('\n')}\n`);
  console.log(`${out}: added ${added.map((line) => line.slice(0, line.indexOf('='))).join(', ')}; every other value kept`);
} else {
  console.log(`${out}: holds every credential docker-compose.yml needs; kept as it is`);
}
