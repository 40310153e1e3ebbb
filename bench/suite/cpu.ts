import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;
/** Infrastructure processes counted by their command name (all processes of that name summed: Postgres backends). */
const INFRASTRUCTURE: Record<string, string> = { postgres: 'postgres', 'redis-server': 'redis', 'beam.smp': 'rabbitmq' };

export interface CpuSnapshot {
  readonly at: number;
  /** CPU seconds so far, per process label */
  readonly seconds: Record<string, number>;
}

/**
 * utime + stime of one process in seconds; undefined once it is gone. With `reapedChildren`, plus cutime + cstime:
 * the time of its children that ended and were waited for. A Postgres backend's time leaves the sum of the live
 * backends when its connection closes and lands in the postmaster's cutime at once, so only with them is a server's
 * total monotonic (without them, a window in which connections closed lost their time, down to 0 %).
 */
export function processCpuSeconds(pid: number, reapedChildren = false): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count fields after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (reapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function commandName(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * CPU time of the bench's own processes (by pid) and of Postgres, Redis and RabbitMQ (every process of their command
 * name, so other users of this machine's servers are counted too), read from /proc; the load generator is this
 * process (process.cpuUsage, worker threads included).
 */
export function cpuSnapshot(processes: ReadonlyMap<string, number>): CpuSnapshot {
  const seconds: Record<string, number> = {};
  const own = process.cpuUsage();
  seconds['load generator (bench process)'] = (own.user + own.system) / 1e6;
  for (const [label, pid] of processes) {
    const value = processCpuSeconds(pid);
    if (value !== undefined) seconds[label] = value;
  }
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return { at: performance.now(), seconds }; // no /proc (not Linux): the bench's own figure only
  }
  for (const pid of entries) {
    const label = INFRASTRUCTURE[commandName(pid) ?? ''];
    if (label === undefined) continue;
    const value = processCpuSeconds(Number(pid), true);
    if (value !== undefined) seconds[label] = (seconds[label] ?? 0) + value;
  }
  return { at: performance.now(), seconds };
}

/** Per label, the share of one core used between two snapshots, in percent (200 % is both cores of this machine). */
export function cpuPercent(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const elapsed = (after.at - before.at) / 1000;
  const result: Record<string, number> = {};
  for (const [label, value] of Object.entries(after.seconds)) {
    // a process started during the window (an event worker) spent all of its time in it
    const start = before.seconds[label] ?? 0;
    if (elapsed <= 0) continue;
    // never below 0: a server process that ended between the snapshots (not a Postgres backend: the postmaster
    // keeps its time, see processCpuSeconds) takes its time with it
    result[label] = Math.max(0, Math.round(((value - start) / elapsed) * 1000) / 10);
  }
  return result;
}
