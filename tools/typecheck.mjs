// Type-checks one project (`node tools/typecheck.mjs <projectRoot>`, its Nx `typecheck` target): the files of
// <projectRoot>/tsconfig.json, reporting the errors in that project's own files only. The files it imports from other
// projects are read for their types but not checked here (each project's own target checks them), so a change to one
// library re-checks that library and its dependants, not the whole workspace. `npx tsc -p tsconfig.json --noEmit`
// still checks everything at once.
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const [projectRoot] = process.argv.slice(2);
if (!projectRoot) {
  console.error('usage: node tools/typecheck.mjs <projectRoot>');
  process.exit(2);
}
const started = Date.now();
const configPath = path.join(root, projectRoot, 'tsconfig.json');
const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath), undefined, configPath);
const prefix = `${path.join(root, projectRoot)}${path.sep}`;
const own = parsed.fileNames.filter((file) => path.resolve(file).startsWith(prefix));
if (own.length === 0) {
  console.error(`typecheck: no TypeScript files under ${projectRoot} (its tsconfig.json's include)`);
  process.exit(2);
}
const program = ts.createProgram({ rootNames: own, options: parsed.options, projectReferences: parsed.projectReferences });
const diagnostics = [
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...own.flatMap((file) => {
    const source = program.getSourceFile(file);
    return source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
  }),
];
const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => ts.sys.newLine };
if (diagnostics.length > 0) {
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  console.error(`typecheck: ${diagnostics.length} error(s) in ${projectRoot}`);
  process.exit(1);
}
console.log(`typecheck: ${own.length} files of ${projectRoot} in ${Date.now() - started} ms`);
