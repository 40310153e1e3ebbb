import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { type GeneratedDocument, generateOpenApiDocuments, REGENERATE_COMMAND } from './openapi-documents';
import { openApiShapeProblems } from './openapi-shape';

const root = path.resolve(__dirname, '../../..');

/** Why the committed document is not what the code produces (the first differing line), or undefined when it is. */
function drift(document: GeneratedDocument): string | undefined {
  const rel = path.relative(root, document.file);
  if (!existsSync(document.file)) return `${rel} is missing: run \`${REGENERATE_COMMAND}\` and commit it`;
  const committed = readFileSync(document.file, 'utf8').split('\n');
  const generated = document.json.split('\n');
  const line = generated.findIndex((text, i) => text !== committed[i]);
  if (line === -1 && committed.length === generated.length) return undefined;
  const at = line === -1 ? generated.length : line;
  return (
    `${rel} differs from what the ${document.service} service's code produces (line ${at + 1}: committed ` +
    `${JSON.stringify(committed[at] ?? '<end>')}, code ${JSON.stringify(generated[at] ?? '<end>')}): run \`${REGENERATE_COMMAND}\` and commit the result`
  );
}

// Runs the built services (`npm run build` first), as `npm run docs:openapi` does; nothing connects anywhere.
describe('docs/openapi', () => {
  let documents: GeneratedDocument[];

  beforeAll(async () => {
    documents = await generateOpenApiDocuments(root, SERVICE_CATALOG);
  }, 60_000);

  it.each(SERVICE_CATALOG.map((s) => [s.name]))('should hold the document the %s service produces', (service) => {
    expect(drift(documents.find((d) => d.service === service)!)).toBeUndefined();
  });

  it.each(SERVICE_CATALOG.map((s) => [s.name]))('should give the %s service a well-formed OpenAPI 3.0 document', (service) => {
    expect(openApiShapeProblems(JSON.parse(documents.find((d) => d.service === service)!.json))).toEqual([]);
  });
});
