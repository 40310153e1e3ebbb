import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_CATALOG, type EventContract } from '@taskhub/contracts';
import { getMetadataStorage } from 'class-validator';

const DOC = path.resolve(__dirname, '../../../docs/events.md');

interface DocumentedEvent {
  readonly routingKey: string;
  readonly producer: string | undefined;
  readonly consumers: string[] | undefined;
  /** a `- carries a secret: ...` line is there */
  readonly carriesSecret: boolean;
  /** a `- personal data: ...` line is there */
  readonly personalData: boolean;
  readonly fields: string[];
}

/** The `### <routing key>` sections under "## Events": producer, consumers, carries-a-secret and personal-data lines, the field table. */
function documentedEvents(markdown: string): DocumentedEvent[] {
  const events = markdown.slice(markdown.indexOf('\n## Events'));
  return events
    .split(/\n### /)
    .slice(1)
    .map((section) => {
      const lines = section.split('\n');
      const line = (name: string): string | undefined => lines.find((l) => l.startsWith(`- ${name}:`))?.slice(`- ${name}:`.length).trim();
      const consumers = line('consumers');
      return {
        routingKey: lines[0].trim(),
        producer: line('producer'),
        consumers: consumers === undefined ? undefined : consumers.split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'none').sort(),
        carriesSecret: line('carries a secret') !== undefined,
        personalData: line('personal data') !== undefined,
        fields: lines.map((l) => /^\| `([A-Za-z0-9_]+)` \|/.exec(l)?.[1]).filter((f): f is string => f !== undefined).sort(),
      };
    });
}

/** The payload properties a contract validates (every property of a payload class carries a decorator). */
function contractFields(contract: EventContract): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(contract.data, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

describe('docs/events.md', () => {
  const documented = documentedEvents(readFileSync(DOC, 'utf8'));

  it('should list exactly the events of the contracts', () => {
    expect(documented.map((e) => e.routingKey).sort()).toEqual(EVENT_CATALOG.map((c) => c.routingKey).sort());
  });

  it.each(EVENT_CATALOG.map((c) => [c.routingKey, c] as const))('should give %s its producer, consumers, secrecy, personal data and payload fields', (routingKey, contract) => {
    const doc = documented.find((e) => e.routingKey === routingKey);

    expect(doc).toEqual({
      routingKey,
      producer: contract.producer,
      consumers: [...contract.consumers].sort(),
      carriesSecret: contract.carriesSecret === true,
      personalData: contract.personalData === true,
      fields: contractFields(contract),
    });
  });
});
