import { spawnSync } from 'node:child_process';

/** promtool (Debian's `prometheus` package; `.ci/run` installs it when missing), or undefined when it is not on PATH. */
export function findPromtool(): string | undefined {
  const found = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return found.error === undefined && found.status === 0 ? 'promtool' : undefined;
}

/**
 * `it` when promtool is installed, and also in CI, where a missing promtool fails the test instead of skipping it;
 * `it.skip` on a workstation without it.
 */
export const itWithPromtool: jest.It = findPromtool() !== undefined || process.env.CI ? it : it.skip;

/** Runs promtool; throws with its output when it is missing or fails. */
export function promtool(args: string[], cwd: string): string {
  if (findPromtool() === undefined) {
    throw new Error('promtool is not installed: apt-get install prometheus (Debian), as .ci/run does');
  }
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`promtool ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  return output;
}
