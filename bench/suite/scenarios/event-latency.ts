import { waitFor } from '@taskhub/platform-testing';
import { openLoop } from '../open-loop';
import { type Measurement, type BenchScenario } from '../scenario';
import { SseStream } from '../sse-stream';
import { type BenchTarget } from '../bench-target';
import { latencySummary, round1 } from '../stats';
import { requireStack } from './task-reads';

/** How long after the last create the bench waits for the last notification; the rest count as errors (notificationsNotSeen). */
const SETTLE_TIMEOUT_MS = 30_000;

interface Pair {
  readonly projectId: string;
  /** who creates the task (an editor or owner of the project) */
  readonly writerId: string;
  /** who it is assigned to (another member, with a stream open) */
  readonly assigneeId: string;
}

/** Per seeded project, a writer and another member as the assignee; each assignee in one pair only (one stream each). */
function pairs(stack: BenchTarget): Pair[] {
  const { workload } = stack.data;
  const taken = new Set<string>();
  const result: Pair[] = [];
  for (const projectId of workload.projects) {
    const writer = workload.writers.find((w) => w.projectId === projectId);
    const assignee = workload.memberships.find((m) => m.projectId === projectId && m.userId !== writer?.userId && !taken.has(m.userId));
    if (!writer || !assignee) continue;
    taken.add(assignee.userId);
    result.push({ projectId, writerId: writer.userId, assigneeId: assignee.userId });
  }
  if (result.length === 0) throw new Error('no seeded project has a writer and another member: seed more tasks');
  return result;
}

/**
 * Scenario 6: end-to-end event latency while tasks are created at a fixed rate (open loop, `BENCH_WRITE_RATE`,
 * issue 16: 500/s) through the gateway. Each task is assigned to another member of its project whose notification
 * stream is open through the gateway; a sample runs from the 201 reaching the writer (the commit is just before it)
 * to the `task.assigned` frame reaching the assignee's stream: outbox relay, broker, the notification service's
 * consumer storing the row, Redis pub/sub, the stream reading the row and pushing it (it pushes stored rows only,
 * so pushed implies stored). Also reported: the creates' own latency from their due time (extra.requestP99Ms ...).
 */
export function eventLatencyScenario(): BenchScenario {
  let n = 0;
  return {
    id: 's6-event-latency',
    title: '6. event latency (commit -> notification pushed on SSE) under creates at a fixed rate',
    unit: 'events',
    needsStack: true,
    async measure(context, seconds): Promise<Measurement> {
      const stack = requireStack(context);
      const chosen = pairs(stack);
      const arrived = new Map<string, number>();
      const streams = await Promise.all(
        chosen.map((p) => SseStream.open(`${stack.gatewayUrl}/api/v1/notifications/stream`, stack.data.authorization(p.assigneeId), (taskId, at) => arrived.set(taskId, at))),
      );
      try {
        const result = await openLoop(stack.gatewayUrl, context.writeRate, seconds, context.connections, (i) => {
          const p = chosen[i % chosen.length];
          n += 1;
          return {
            method: 'POST',
            path: '/api/v1/tasks',
            headers: { authorization: stack.data.authorization(p.writerId), 'content-type': 'application/json' },
            body: JSON.stringify({ projectId: p.projectId, title: `bench event ${n}`, assigneeIds: [p.assigneeId] }),
          };
        });
        const created = new Map<string, number>();
        for (const s of result.samples) if (s.status === 201) created.set((JSON.parse(s.body) as { id: string }).id, s.answeredAt);
        await waitFor(() => [...created.keys()].every((id) => arrived.has(id)), { description: 'every notification', timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 50 }).catch(() => undefined);
        const latencies = [...created].filter(([id]) => arrived.has(id)).map(([id, answeredAt]) => arrived.get(id)! - answeredAt);
        const requests = latencySummary(result.samples.map((s) => s.answeredAt - s.dueAt));
        const failedRequests = result.failures + result.samples.filter((s) => s.status !== 201).length;
        return {
          perSecond: Math.round(latencies.length / seconds),
          count: latencies.length,
          errors: failedRequests + (created.size - latencies.length),
          ...latencySummary(latencies),
          extra: {
            askedRate: context.writeRate,
            issuedRate: result.issuedPerSecond,
            streams: streams.length,
            requestP50Ms: requests.p50Ms,
            requestP95Ms: requests.p95Ms,
            requestP99Ms: requests.p99Ms,
            failedRequests,
            rateLimited: result.samples.filter((s) => s.status === 429).length,
            notificationsNotSeen: created.size - latencies.length,
            maxEventLatencyMs: round1(Math.max(0, ...latencies)),
          },
        };
      } finally {
        await Promise.all(streams.map((s) => s.close()));
      }
    },
  };
}
