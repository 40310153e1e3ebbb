import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ARCHIVING_CONFIG_TEMPLATE,
  PGBACKREST_CONFIG_TEMPLATE,
  renderTemplate,
  templatePlaceholders,
} from './config-template';

describe(renderTemplate.name, () => {
  it('should fill every placeholder, however often it appears', () => {
    expect(renderTemplate('a=${A}\nb=${B} ${A}', { A: '1', B: '2' })).toBe('a=1\nb=2 1');
  });

  it('should refuse a template with a placeholder it has no value for, naming it', () => {
    expect(() => renderTemplate('a=${A} c=${C}', { A: '1' })).toThrow('no value for ${C}');
  });
});

describe('the installed backup configuration', () => {
  it('should archive through the same stanza the pgBackRest configuration declares', async () => {
    const archiving = await readFile(ARCHIVING_CONFIG_TEMPLATE, 'utf8');
    const pgbackrest = await readFile(PGBACKREST_CONFIG_TEMPLATE, 'utf8');

    expect(archiving).toMatch(/^archive_mode = on$/m);
    expect(archiving).toMatch(/^archive_command = 'pgbackrest --config=\$\{PGBACKREST_CONFIG\} --stanza=\$\{STANZA\} archive-push %p'$/m);
    expect(pgbackrest).toMatch(/^\[\$\{STANZA\}\]$/m);
  });

  it('should ship a WAL segment at least every 5 minutes (the RPO)', async () => {
    const archiving = await readFile(ARCHIVING_CONFIG_TEMPLATE, 'utf8');
    const timeout = Number(/^archive_timeout = (\d+)$/m.exec(archiving)?.[1]);

    expect(timeout).toBeGreaterThan(0);
    expect(timeout).toBeLessThanOrEqual(5 * 60);
  });

  it('should name only placeholders that the runbook documents', async () => {
    const names = templatePlaceholders(
      (await readFile(PGBACKREST_CONFIG_TEMPLATE, 'utf8')) + (await readFile(ARCHIVING_CONFIG_TEMPLATE, 'utf8')),
    );
    const runbook = await readFile(path.resolve(__dirname, '../../../docs/operations.md'), 'utf8');

    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(runbook).toContain(`\`${name}\``);
  });
});
