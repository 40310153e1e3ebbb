import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const root = path.resolve(__dirname, '../../..');

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

/** docker-compose.yml as written, anchors and merge keys resolved, `${...}` left as is. */
export function readCompose(): ComposeFile {
  return parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

/** `${NAME}`, `${NAME:?message}`, `${NAME-default}`... and `$$` (a literal `$`), as compose interpolates them. */
const INTERPOLATION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)((?::?[?-])([^}]*))?\}/g;

/** The variables a string interpolates, each with its modifier (`:?run npm run compose:env`) or '' for none. */
export function interpolations(text: string): { name: string; modifier: string }[] {
  return [...text.matchAll(INTERPOLATION)].filter((m) => m[1] !== undefined).map((m) => ({ name: m[1], modifier: m[2] ?? '' }));
}

/** Every string of a parsed compose file with `${...}` replaced from `env`, as `docker compose` would run it. */
export function interpolate<T>(value: T, env: Readonly<Record<string, string>>): T {
  if (typeof value === 'string') {
    return value.replace(INTERPOLATION, (whole: string, name: string | undefined) => {
      if (name === undefined) return '$';
      const found = env[name];
      if (found === undefined || found === '') throw new Error(`${whole} is not in the .env`);
      return found;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => interpolate(v, env)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)])) as T;
  }
  return value;
}

/** Every string in a parsed YAML document (values, not comments). */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}

/** Runs `npm run compose:env`'s script with `--out file`; returns what it printed. */
export function runComposeEnv(file: string): string {
  return execFileSync(process.execPath, [path.join(root, 'tools/compose-env.mjs'), '--out', file], { encoding: 'utf8' });
}

/** The variables of a .env file (`NAME=value` lines; comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(line))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(entries);
}

/** `[source, target, mode]` of a service's volume entries (`jwt-public-keys:/srv/jwt-public-keys:ro`). */
export function mountsOf(service: ComposeService | undefined): [string, string, string | undefined][] {
  return (service?.volumes ?? []).map((v) => {
    const [source, target, mode] = v.split(':');
    return [source, target, mode];
  });
}
