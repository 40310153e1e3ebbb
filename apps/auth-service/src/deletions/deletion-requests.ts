import { AUTH_USER_DELETION_REQUESTED_V1, AUTH_USER_PROFILE_ERASURE_REQUESTED_V1 } from '@taskhub/contracts';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';
import { type Deletion, type ReportedStep } from './deletion-saga';

/**
 * Asks `steps` of the saga (again): task and notification share auth.user.deletion_requested.v1 (a step already done
 * receives it too and changes nothing: its consumer is idempotent per deletion), profile has
 * auth.user.profile_erasure_requested.v1. Returns the saga with those steps' startedAt and attempts moved on, for the
 * caller to save in the same transaction.
 */
export async function askSteps(manager: EntityManager, deletion: Deletion, steps: readonly ReportedStep[], at: Date): Promise<Deletion> {
  if (steps.length === 0) return deletion;
  const data = { deletionId: deletion.id, userId: deletion.userId, requestedAt: at.toISOString() };
  if (steps.includes('task') || steps.includes('notification')) await writeToOutbox(manager, AUTH_USER_DELETION_REQUESTED_V1, data);
  if (steps.includes('profile')) await writeToOutbox(manager, AUTH_USER_PROFILE_ERASURE_REQUESTED_V1, data);
  const next = { ...deletion.steps };
  for (const step of steps) next[step] = { ...next[step], startedAt: at, attempts: next[step].attempts + 1 };
  return { ...deletion, steps: next };
}
