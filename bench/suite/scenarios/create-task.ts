import { closedLoop } from '../closed-loop';
import { type BenchScenario } from '../scenario';
import { prng } from '../../task-reads/workload';
import { requireStack } from './task-reads';

/**
 * Scenario 5: create a task through the gateway (closed loop): a member who may write (editor, owner), drawn at random
 * among the seeded projects' members, adds a task to their project. One transaction writes the task, its number
 * (the project's counter row), its activity entry and its outbox events; the relay publishes them after the commit.
 */
export function createTaskScenario(): BenchScenario {
  const random = prng(5);
  let n = 0;
  return {
    id: 's5-create-task-gateway',
    title: '5. create task (write + outbox events), through the gateway',
    unit: 'requests',
    needsStack: true,
    processesUnderTest: ['task-service'],
    measure: (context, seconds) => {
      const stack = requireStack(context);
      const { writers } = stack.data.workload;
      return closedLoop(stack.gatewayUrl, seconds, context.connections, () => {
        const m = writers[Math.floor(random() * writers.length)];
        n += 1;
        return {
          method: 'POST',
          path: '/api/v1/tasks',
          headers: { authorization: stack.data.authorization(m.userId), 'content-type': 'application/json' },
          body: JSON.stringify({ projectId: m.projectId, title: `bench task ${n}` }),
        };
      });
    },
  };
}
