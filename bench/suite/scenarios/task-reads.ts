import { type BenchRequest, closedLoop } from '../closed-loop';
import { type BenchContext, type BenchScenario } from '../scenario';
import { type BenchTarget } from '../bench-target';
import { prng } from '../../task-reads/workload';

type Target = 'direct' | 'gateway' | 'gatewayTwoTasks';

function baseUrl(stack: BenchTarget, target: Target): string {
  const url = { direct: stack.taskServiceUrl, gateway: stack.gatewayUrl, gatewayTwoTasks: stack.gatewayTwoTasksUrl }[target];
  if (!url) throw new Error(`the bench stack has no ${target} URL`);
  return url;
}

/** The scale-out row starts its own second instance and gateway, which a stack the bench did not start does not have. */
const TWO_INSTANCES_NOT_ON_RUNNING =
  'needs a second task-service instance and a gateway over both, which the bench starts only in a stack of its own; ' +
  'against a running stack started with TASK_REPLICAS=2, row 3 measures its gateway balancing both';

export function requireStack(context: BenchContext): BenchTarget {
  if (!context.stack) throw new Error('this scenario needs the stack');
  return context.stack;
}

/**
 * A project's task list with two filters, the caller's own todo (`status=todo&assigneeId=<caller>`), its first page
 * of 20: a cached shape (one or two equality filters and nothing else; docs/projects.md, "Caching"), asked by a
 * member drawn at random (a fixed seed) among the members of the seeded projects who have a page of todo tasks
 * assigned there, each with their own access token. `uncached` adds `limit=20`: the same page, a shape that is not
 * cached, so Postgres answers it (what every filtered list cost before they were cached).
 */
function filteredTaskList(uncached: boolean): (stack: BenchTarget, random: () => number) => BenchRequest {
  return (stack, random) => {
    const { todoAssignees } = stack.data.workload;
    if (todoAssignees.length === 0) throw new Error('no member of the seeded projects has a todo task assigned: seed more tasks (BENCH_TASKS), or on a running stack let the bench make its projects anew');
    const m = todoAssignees[Math.floor(random() * todoAssignees.length)];
    const path = `/api/v1/tasks?projectId=${m.projectId}&status=todo&assigneeId=${m.userId}${uncached ? '&limit=20' : ''}`;
    return { method: 'GET', path, headers: { authorization: stack.data.authorization(m.userId) } };
  };
}

/** One task by id, asked by a member of its project. */
function taskDetail(stack: BenchTarget, random: () => number): BenchRequest {
  const { workload } = stack.data;
  const m = workload.memberships[Math.floor(random() * workload.memberships.length)];
  const tasks = workload.tasksByProject.get(m.projectId) ?? [];
  const taskId = tasks[Math.floor(random() * tasks.length)];
  return { method: 'GET', path: `/api/v1/tasks/${taskId}`, headers: { authorization: stack.data.authorization(m.userId) } };
}

function readScenario(id: string, title: string, target: Target, request: (stack: BenchTarget, random: () => number) => BenchRequest): BenchScenario {
  const random = prng(1);
  return {
    id,
    title,
    unit: 'requests',
    needsStack: true,
    needsSecondTaskInstance: target === 'gatewayTwoTasks',
    notOnRunningStack: target === 'gatewayTwoTasks' ? TWO_INSTANCES_NOT_ON_RUNNING : undefined,
    processesUnderTest: target === 'gatewayTwoTasks' ? ['task-service', 'task-service-2'] : ['task-service'],
    measure: (context, seconds) => {
      const stack = requireStack(context);
      return closedLoop(baseUrl(stack, target), seconds, context.connections, () => request(stack, random));
    },
  };
}

/** Scenario 2: the task list with two filters straight from the task service (no gateway). */
export const taskListDirectScenario = (): BenchScenario =>
  readScenario('s2-task-list-direct', '2. task list, two filters (cached first page), task service directly', 'direct', filteredTaskList(false));

/** Scenario 2's baseline in the same run: the same pages from Postgres (a shape that is not cached). */
export const taskListUncachedDirectScenario = (): BenchScenario =>
  readScenario('s2-uncached-task-list-direct', '2 from Postgres (the same list with limit=20: not cached), task service directly', 'direct', filteredTaskList(true));

/** Scenario 3: the same through the gateway (jwt, rate limiting on Redis, correlation id, cors, access log). */
export const taskListGatewayScenario = (): BenchScenario =>
  readScenario('s3-task-list-gateway', '3. task list, two filters (cached first page), through the gateway', 'gateway', filteredTaskList(false));

/** Scenario 4: task detail through the gateway. */
export const taskDetailGatewayScenario = (): BenchScenario => readScenario('s4-task-detail-gateway', '4. task detail, through the gateway', 'gateway', taskDetail);

/** Scale-out: scenario 3 through a gateway whose task upstream has two task-service instances (round-robin). */
export const taskListTwoInstancesScenario = (): BenchScenario =>
  readScenario('s3x2-task-list-two-task-services', '3 with two task-service instances behind the gateway', 'gatewayTwoTasks', filteredTaskList(false));
