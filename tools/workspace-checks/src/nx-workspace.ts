import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './compose-file';

export interface NxTarget {
  command?: string;
  options?: { command?: string };
  executor?: string;
  dependsOn?: (string | { target: string; projects?: string | string[]; dependencies?: boolean })[];
  outputs?: string[];
  cache?: boolean;
  parallelism?: boolean;
}

export interface NxProject {
  name: string;
  type: string;
  data: { root: string; targets: Record<string, NxTarget>; implicitDependencies?: string[] };
}

/** The environment of a nested Nx: no daemon, and none of the variables of an Nx task this spec may be running in. */
function nxEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' };
  for (const name of Object.keys(env)) if (name.startsWith('NX_TASK') || name === 'NX_LOAD_DOT_ENV_FILES') delete env[name];
  return env;
}

/** Runs the workspace's Nx; its stdout, or an error with its output. */
export function nx(args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/nx/bin/nx.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: nxEnv(),
  });
  if (result.status !== 0) throw new Error(`nx ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** What `nx graph --file` writes: the projects with their resolved targets. */
export function projectGraph(): Record<string, NxProject> {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskhub-nx-graph-'));
  try {
    nx(['graph', `--file=${path.join(dir, 'graph.json')}`]);
    const { graph } = JSON.parse(readFileSync(path.join(dir, 'graph.json'), 'utf8')) as { graph: { nodes: Record<string, NxProject> } };
    return graph.nodes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The tasks `nx affected -t <targets>` would run if `files` had changed (`--files`: no git diff, so the answer does not
 * depend on the branch or the working tree's state), as `project:target` ids, sorted.
 */
export function affectedTasks(targets: string[], files: string[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskhub-nx-affected-'));
  try {
    const file = path.join(dir, 'tasks.json');
    nx(['affected', '-t', ...targets, `--files=${files.join(',')}`, `--graph=${file}`]);
    const { tasks } = JSON.parse(readFileSync(file, 'utf8')) as { tasks: { tasks: Record<string, unknown> } };
    return Object.keys(tasks.tasks).sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
