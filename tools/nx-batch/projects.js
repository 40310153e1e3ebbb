// The projects of a batch of Nx tasks: which project each task is for, and where it lives.
const path = require('node:path');

/** [{ taskId, root }] for the tasks of an Nx batch (or the one task of a single run). */
function projectsOf(taskIds, taskGraph, context) {
  return taskIds.map((taskId) => {
    const { project } = taskGraph.tasks[taskId].target;
    return { taskId, root: context.projectsConfigurations.projects[project].root };
  });
}

/** Whether `file` (absolute) lies in the project folder `root` (workspace-relative). */
const isIn = (workspaceRoot, root, file) => path.resolve(file).startsWith(`${path.join(workspaceRoot, root)}${path.sep}`);

module.exports = { projectsOf, isIn };

/** Prints each task's report (Nx keeps it as the task's output, but does not print a batch's) and returns the results. */
function reported(results) {
  for (const [taskId, { terminalOutput }] of Object.entries(results)) process.stdout.write(`> ${taskId}\n${terminalOutput}`);
  return results;
}

module.exports.reported = reported;
