/* eslint-disable no-console -- a command-line tool prints its table */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * `node dist/bench/profile-top.js <file.cpuprofile> [rows] [fromSeconds] [toSeconds]`: the functions with the most self time in
 * a V8 CPU profile (as `node --cpu-prof` writes, e.g. with BENCH_CPU_PROF_DIR), and the share of the busy time each
 * package or workspace folder takes, for docs/performance.md. `fromSeconds` and `toSeconds` (since the profile began)
 * keep one window: leave out the process starting (module loading, cache warming) and keep one scenario's load.
 * With PROFILE_CALLERS=<function name> it also prints the call stacks that spent self time in that function (who calls
 * it), heaviest first.
 */
function main(): void {
  const [file, rowsArg, fromArg, toArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top <file.cpuprofile> [rows] [fromSeconds] [toSeconds]');
  const fromUs = Number(fromArg ?? 0) * 1e6;
  const toUs = toArg === undefined ? Infinity : Number(toArg) * 1e6;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs >= fromUs && elapsedUs < toUs) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idleUs;
  const frames = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const where = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/dist\//, 'dist/');
    const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + us);
    const area = where.startsWith('node_modules/')
      ? where.split('/').slice(1, where.split('/')[1].startsWith('@') ? 3 : 2).join('/')
      : where.startsWith('dist/')
        ? where.split('/').slice(0, 4).join('/')
        : where.startsWith('node:')
          ? 'node internals'
          : functionName.startsWith('(')
            ? functionName
            : 'other';
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const pct = (us: number): string => `${((us / busy) * 100).toFixed(1)} %`;
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`);
  console.log('\n| self time (share of busy) | function |\n|---|---|');
  for (const [key, us] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, Number(rowsArg ?? 20))) console.log(`| ${pct(us)} | ${key} |`);
  console.log('\n| self time (share of busy) | package or folder |\n|---|---|');
  for (const [key, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| ${pct(us)} | ${key} |`);
  const callersOf = process.env.PROFILE_CALLERS;
  if (callersOf) printCallers(profile, self, callersOf, pct);
}

/** The stacks (innermost first, up to 12 frames) whose leaf is a function named `name`, by the self time they spent. */
function printCallers(profile: CpuProfile, self: Map<number, number>, name: string, pct: (us: number) => string): void {
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const stacks = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.callFrame.functionName !== name || !self.has(node.id)) continue;
    const frames: string[] = [];
    for (let at: ProfileNode | undefined = node; at && frames.length < 12; at = parentOf.get(at.id)) {
      const where = at.callFrame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
      frames.push(`${at.callFrame.functionName || '(anonymous)'} ${where}:${at.callFrame.lineNumber + 1}`);
    }
    const key = frames.join('\n    <- ');
    stacks.set(key, (stacks.get(key) ?? 0) + self.get(node.id)!);
  }
  console.log(`\ncallers of ${name}:`);
  for (const [stack, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`${pct(us)}  ${stack}\n`);
}

main();
