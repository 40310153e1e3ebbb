import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The configuration files operators install, kept in tools/backup/config (docs/operations.md). */
export const BACKUP_CONFIG_DIR = path.resolve(__dirname, '../config');
export const PGBACKREST_CONFIG_TEMPLATE = path.join(BACKUP_CONFIG_DIR, 'pgbackrest.conf');
export const ARCHIVING_CONFIG_TEMPLATE = path.join(BACKUP_CONFIG_DIR, 'postgresql-archiving.conf');

const PLACEHOLDER = /\$\{([A-Z_]+)\}/g;

/** The `${NAME}` placeholders a template names, each once, in order of appearance. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Fills every `${NAME}`; throws naming the ones `values` lacks, so no file is installed half-filled. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const missing = templatePlaceholders(template).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new Error(`no value for ${missing.map((n) => `\${${n}}`).join(', ')} in the template`);
  return template.replace(PLACEHOLDER, (_, name: string) => values[name]);
}

/** Reads a template from tools/backup/config (the dist build has no copy: the path is the source's). */
export async function renderConfigFile(file: string, values: Readonly<Record<string, string>>): Promise<string> {
  return renderTemplate(await readFile(file, 'utf8'), values);
}
