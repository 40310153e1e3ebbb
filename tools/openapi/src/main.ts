import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { generateOpenApiDocuments } from './openapi-documents';
import { openApiShapeProblems } from './openapi-shape';

// run from dist/tools/openapi/src/
const root = path.resolve(__dirname, '../../../..');

/** `npm run docs:openapi`: writes docs/openapi/<service>.json for every service, from its code; exit 1 on a malformed one. */
async function main(): Promise<number> {
  let failed = false;
  for (const document of await generateOpenApiDocuments(root, SERVICE_CATALOG)) {
    const rel = path.relative(root, document.file);
    const problems = openApiShapeProblems(JSON.parse(document.json));
    if (problems.length > 0) {
      failed = true;
      process.stderr.write(`${rel}: not written, the ${document.service} service's document has problems:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
      continue;
    }
    const unchanged = existsSync(document.file) && readFileSync(document.file, 'utf8') === document.json;
    if (!unchanged) {
      mkdirSync(path.dirname(document.file), { recursive: true });
      writeFileSync(document.file, document.json);
    }
    process.stdout.write(`${rel}: ${unchanged ? 'unchanged' : 'written'}\n`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
