import { validateFileAgainstDeckSchema } from './deck/validate-deck-schema';

/**
 * CLI: node dist/apps/gateway/src/check-deck-schema.js <kong.yml> <schema.json>
 * Exits 0 when the file passes decK's JSON schema, 1 with the ajv errors otherwise, 2 on usage errors.
 */
function main(argv: readonly string[]): number {
  const [configPath, schemaPath] = argv;
  if (!configPath || !schemaPath) {
    process.stderr.write('usage: check-deck-schema <kong.yml> <kong-declarative-schema.json>\n');
    return 2;
  }
  try {
    const result = validateFileAgainstDeckSchema(configPath, schemaPath);
    if (result.valid) {
      process.stdout.write(`${configPath}: valid against ${schemaPath}\n`);
      return 0;
    }
    process.stderr.write(`${configPath}: ${result.errors.length} decK schema error(s)\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 1;
  } catch (error) {
    process.stderr.write(`check-deck-schema: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
