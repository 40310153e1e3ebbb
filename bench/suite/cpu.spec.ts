import { execFileSync } from 'node:child_process';
import { processCpuSeconds } from './cpu';

/**
 * a child that burns 250 ms of CPU (by its own clock, so a busy machine only makes it take longer), then prints what
 * it used in seconds and exits; execFileSync waits for it, so it is reaped when the call returns
 */
const BURN = `const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }; while (used() < 0.25); process.stdout.write(String(used()))`; // not console.log: it colours a number under FORCE_COLOR

describe('processCpuSeconds', () => {
  const itOnLinux = process.platform === 'linux' ? it : it.skip;

  itOnLinux("should keep a child's time once it has ended and been waited for, when asked for reaped children (a closed Postgres connection's backend)", () => {
    const ownBefore = processCpuSeconds(process.pid)!;
    const withChildrenBefore = processCpuSeconds(process.pid, true)!;

    const childSeconds = Number(execFileSync(process.execPath, ['-e', BURN], { encoding: 'utf8' }));

    const ownGrowth = processCpuSeconds(process.pid)! - ownBefore;
    const childrenGrowth = processCpuSeconds(process.pid, true)! - withChildrenBefore - ownGrowth;
    expect(childSeconds).toBeGreaterThanOrEqual(0.25);
    // /proc counts in ticks of 10 ms (the child's figure from process.cpuUsage is exact): two ticks of tolerance
    expect(childrenGrowth).toBeGreaterThanOrEqual(childSeconds - 0.02);
    expect(ownGrowth).toBeLessThan(childSeconds); // the child's time is not the test process's own
  });

  it('should answer undefined for a process that is gone', () => {
    expect(processCpuSeconds(2 ** 22 + 1)).toBeUndefined(); // above Linux's pid_max
  });
});
