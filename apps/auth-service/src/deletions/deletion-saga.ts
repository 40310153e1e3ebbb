/**
 * The account deletion saga's state machine, without I/O (docs/sagas.md). Steps in order:
 * `credentials` (auth, in the request's transaction) -> `task` and `notification` (in parallel, on
 * auth.user.deletion_requested.v1) -> `profile` (the user service, on auth.user.profile_erasure_requested.v1, once both
 * are done) -> `account` (auth erases its own copy, in the transaction that applies the profile's report).
 */
export type DeletionStatus = 'running' | 'completed';

/** The steps another service performs and reports. */
export const REPORTED_STEPS = ['task', 'notification', 'profile'] as const;
export type ReportedStep = (typeof REPORTED_STEPS)[number];

export type StepName = 'credentials' | ReportedStep | 'account';
/** waiting: not asked yet; pending: asked, no report yet; completed: reported (or done by auth itself) */
export type StepStatus = 'waiting' | 'pending' | 'completed';

export interface StepRecord {
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  readonly attempts: number;
}

export interface Deletion {
  readonly id: string;
  readonly userId: string;
  readonly status: DeletionStatus;
  readonly requestedAt: Date;
  readonly completedAt: Date | null;
  readonly steps: Readonly<Record<ReportedStep, StepRecord>>;
}

export interface StepView {
  readonly name: StepName;
  readonly status: StepStatus;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly attempts: number;
}

/** What the person (with the deletion id) and admins read: ids and times, no personal data. */
export interface DeletionView {
  readonly deletionId: string;
  readonly status: DeletionStatus;
  readonly requestedAt: string;
  readonly completedAt: string | null;
  readonly steps: readonly StepView[];
}

/** What the saga does after a step's report was recorded. */
export type NextAction = 'request_profile_erasure' | 'erase_account' | 'wait';

export type ReportOutcome = { readonly kind: 'ignored'; readonly reason: string } | { readonly kind: 'recorded'; readonly deletion: Deletion; readonly next: NextAction };

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

function statusOf(step: StepRecord): StepStatus {
  if (step.completedAt !== null) return 'completed';
  return step.startedAt !== null ? 'pending' : 'waiting';
}

export function toDeletionView(deletion: Deletion): DeletionView {
  const requestedAt = deletion.requestedAt.toISOString();
  const completedAt = iso(deletion.completedAt);
  const credentials: StepView = { name: 'credentials', status: 'completed', startedAt: requestedAt, completedAt: requestedAt, attempts: 1 };
  const reported = REPORTED_STEPS.map((name): StepView => {
    const step = deletion.steps[name];
    return { name, status: statusOf(step), startedAt: iso(step.startedAt), completedAt: iso(step.completedAt), attempts: step.attempts };
  });
  // auth erases its own copy in the transaction that applies the profile's report: it starts and ends at once
  const account: StepView = { name: 'account', status: completedAt === null ? 'waiting' : 'completed', startedAt: completedAt, completedAt, attempts: completedAt === null ? 0 : 1 };
  return { deletionId: deletion.id, status: deletion.status, requestedAt, completedAt, steps: [credentials, ...reported, account] };
}

/**
 * A service reported a step done: records it once (a duplicate, a replay under a new event id, or a report for another
 * person changes nothing) and says what follows.
 */
export function applyReport(deletion: Deletion, step: ReportedStep, userId: string, at: Date): ReportOutcome {
  if (deletion.userId !== userId) return { kind: 'ignored', reason: `the report names user ${userId}, the deletion is of another` };
  if (deletion.steps[step].completedAt !== null) return { kind: 'ignored', reason: `step ${step} already completed` };
  if (step === 'profile' && deletion.steps.profile.startedAt === null) return { kind: 'ignored', reason: 'the profile erasure was never requested' };
  const steps = { ...deletion.steps, [step]: { ...deletion.steps[step], completedAt: at } };
  const updated: Deletion = { ...deletion, steps };
  if (step === 'profile') return { kind: 'recorded', deletion: updated, next: 'erase_account' };
  const othersDone = steps.task.completedAt !== null && steps.notification.completedAt !== null;
  return { kind: 'recorded', deletion: updated, next: othersDone && steps.profile.startedAt === null ? 'request_profile_erasure' : 'wait' };
}

/** The request events a resume writes again: the first stage while task or notification is not done, else the profile's. */
export function stepsToResume(deletion: Deletion): readonly ReportedStep[] {
  if (deletion.status === 'completed') return [];
  const open = (['task', 'notification'] as const).filter((s) => deletion.steps[s].completedAt === null);
  if (open.length > 0) return open;
  return deletion.steps.profile.completedAt === null ? ['profile'] : [];
}

/** A running deletion with a step asked for longer than `thresholdMs` ago and not reported. */
export function isStuck(deletion: Deletion, now: Date, thresholdMs: number): boolean {
  if (deletion.status !== 'running') return false;
  return REPORTED_STEPS.some((name) => {
    const step = deletion.steps[name];
    return step.startedAt !== null && step.completedAt === null && now.getTime() - step.startedAt.getTime() > thresholdMs;
  });
}
