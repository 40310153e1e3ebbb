// The `typecheck` executor: a project's own files, checked against its tsconfig.json. The files it imports from other
// projects are read for their types but reported by their own project's task, so a change to one library re-checks
// that library and its dependants, not the whole workspace. In batch mode (`nx run-many -t typecheck --batch`, as
// `npm test` runs it) one TypeScript program serves every project of the batch: each file is parsed and bound once.
const path = require('node:path');
const ts = require('typescript');
const { isIn, projectsOf, reported } = require('./projects');

function parseProjectConfig(workspaceRoot, root) {
  const configPath = path.join(workspaceRoot, root, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath), undefined, configPath);
}

/** { [taskId]: { success, terminalOutput } } for the projects, all checked in one program. */
function check(workspaceRoot, projects) {
  const started = Date.now();
  const configs = projects.map(({ root }) => parseProjectConfig(workspaceRoot, root));
  const rootNames = [...new Set(configs.flatMap((config) => config.fileNames))];
  const program = ts.createProgram({ rootNames, options: configs[0].options });
  const shared = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => workspaceRoot, getNewLine: () => '\n' };
  const results = {};
  projects.forEach(({ taskId, root }, index) => {
    const own = configs[index].fileNames.filter((file) => isIn(workspaceRoot, root, file));
    const diagnostics = [
      ...shared,
      ...own.flatMap((file) => {
        const source = program.getSourceFile(file);
        return source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
      }),
    ];
    const errors = diagnostics.length > 0 ? `${ts.formatDiagnosticsWithColorAndContext(diagnostics, host)}\n` : '';
    const summary =
      own.length === 0
        ? `typecheck: no TypeScript files in ${root} (its tsconfig.json's include)\n`
        : `typecheck: ${own.length} files of ${root}: ${diagnostics.length} error(s) (${projects.length} project(s) in ${Date.now() - started} ms)\n`;
    results[taskId] = { success: own.length > 0 && diagnostics.length === 0, terminalOutput: `${errors}${summary}` };
  });
  return results;
}

async function typecheck(_options, context) {
  const taskId = `${context.projectName}:${context.targetName}`;
  const root = context.projectsConfigurations.projects[context.projectName].root;
  const { success, terminalOutput } = check(context.root, [{ taskId, root }])[taskId];
  process.stdout.write(terminalOutput);
  return { success };
}

async function batch(taskGraph, inputs, _overrides, context) {
  return reported(check(context.root, projectsOf(Object.keys(inputs), taskGraph, context)));
}

module.exports = typecheck;
module.exports.default = typecheck;
module.exports.batch = batch;
