// The `lint` executor: ESLint (eslint.config.mjs) on a project's folder, failing on any error or warning. In batch mode
// (`nx run-many -t lint --batch`, as `npm test` runs it) one ESLint instance lints every project of the batch, with
// one TypeScript program (the root tsconfig.json: every file, the same compiler options as each project's) instead of
// one per project's tsconfig.json, so each shared file (libraries, node_modules' types) is parsed and checked once.
const path = require('node:path');
const { isIn, projectsOf, reported } = require('./projects');

/** For a batch: typescript-eslint on the workspace's one program rather than a program per project. */
const oneProgram = (workspaceRoot) => ({
  files: ['**/*.ts'],
  languageOptions: { parserOptions: { projectService: false, project: [path.join(workspaceRoot, 'tsconfig.json')] } },
});

async function lintProjects(workspaceRoot, projects) {
  const { ESLint } = require('eslint');
  const eslint = new ESLint({ cwd: workspaceRoot, ...(projects.length > 1 ? { overrideConfig: oneProgram(workspaceRoot) } : {}) });
  const formatter = await eslint.loadFormatter('stylish');
  const results = await eslint.lintFiles(projects.map(({ root }) => root));
  const byTask = {};
  for (const { taskId, root } of projects) {
    const own = results.filter((result) => isIn(workspaceRoot, root, result.filePath));
    const problems = own.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
    const report = problems > 0 ? await formatter.format(own) : '';
    const summary = `lint: ${own.length} files of ${root}: ${problems} problem(s)\n`;
    byTask[taskId] = { success: own.length > 0 && problems === 0, terminalOutput: `${report}${summary}` };
  }
  return byTask;
}

async function lint(_options, context) {
  const taskId = `${context.projectName}:${context.targetName}`;
  const root = context.projectsConfigurations.projects[context.projectName].root;
  const { success, terminalOutput } = (await lintProjects(context.root, [{ taskId, root }]))[taskId];
  process.stdout.write(terminalOutput);
  return { success };
}

async function batch(taskGraph, inputs, _overrides, context) {
  return reported(await lintProjects(context.root, projectsOf(Object.keys(inputs), taskGraph, context)));
}

module.exports = lint;
module.exports.default = lint;
module.exports.batch = batch;
