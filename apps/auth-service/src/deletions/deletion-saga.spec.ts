import { applyReport, type Deletion, isStuck, stepsToResume, toDeletionView } from './deletion-saga';

const USER = '0193f2a4-5b6c-7d8e-9f01-23456789abcd';
const T0 = new Date('2026-12-05T12:00:00.000Z');
const T1 = new Date('2026-12-05T12:00:05.000Z');
const T2 = new Date('2026-12-05T12:00:09.000Z');

function started(): Deletion {
  return {
    id: '5b0c3f0e-8a5e-4c61-9a3e-0f3f3c1f9d2a',
    userId: USER,
    status: 'running',
    requestedAt: T0,
    completedAt: null,
    steps: {
      task: { startedAt: T0, completedAt: null, attempts: 1 },
      notification: { startedAt: T0, completedAt: null, attempts: 1 },
      profile: { startedAt: null, completedAt: null, attempts: 0 },
    },
  };
}

function recorded(deletion: Deletion, step: 'task' | 'notification' | 'profile', at: Date): Deletion {
  const outcome = applyReport(deletion, step, USER, at);
  if (outcome.kind !== 'recorded') throw new Error(`not recorded: ${outcome.reason}`);
  return outcome.deletion;
}

describe('deletion saga', () => {
  it('should wait for the second of task and notification before asking for the profile erasure', () => {
    const first = applyReport(started(), 'notification', USER, T1);
    expect(first).toMatchObject({ kind: 'recorded', next: 'wait' });
    const second = applyReport(recorded(started(), 'notification', T1), 'task', USER, T2);
    expect(second).toMatchObject({ kind: 'recorded', next: 'request_profile_erasure' });
  });

  it('should ignore a duplicate report, a report for another person and a profile report never asked for', () => {
    const once = recorded(started(), 'task', T1);
    expect(applyReport(once, 'task', USER, T2)).toEqual({ kind: 'ignored', reason: 'step task already completed' });
    expect(applyReport(started(), 'task', '0193f2a4-0000-7000-8000-000000000000', T1)).toEqual({
      kind: 'ignored',
      reason: 'the report names user 0193f2a4-0000-7000-8000-000000000000, the deletion is of another',
    });
    expect(applyReport(started(), 'profile', USER, T1)).toEqual({ kind: 'ignored', reason: 'the profile erasure was never requested' });
  });

  it('should erase the account once the profile is reported', () => {
    const both = recorded(recorded(started(), 'task', T1), 'notification', T1);
    const asked: Deletion = { ...both, steps: { ...both.steps, profile: { startedAt: T1, completedAt: null, attempts: 1 } } };
    expect(applyReport(asked, 'profile', USER, T2)).toMatchObject({ kind: 'recorded', next: 'erase_account' });
  });

  it('should resume the open steps of the first stage, then the profile, then nothing', () => {
    expect(stepsToResume(started())).toEqual(['task', 'notification']);
    expect(stepsToResume(recorded(started(), 'task', T1))).toEqual(['notification']);
    expect(stepsToResume(recorded(recorded(started(), 'task', T1), 'notification', T1))).toEqual(['profile']);
    expect(stepsToResume({ ...started(), status: 'completed', completedAt: T2 })).toEqual([]);
  });

  it('should count a step asked longer ago than the threshold and not reported as stuck', () => {
    expect(isStuck(started(), new Date(T0.getTime() + 1000), 1000)).toBe(false);
    expect(isStuck(started(), new Date(T0.getTime() + 1001), 1000)).toBe(true);
    expect(isStuck(recorded(recorded(started(), 'task', T1), 'notification', T1), new Date(T0.getTime() + 60_000), 1000)).toBe(false);
  });

  it('should show every step, in order, with ids and times only', () => {
    expect(toDeletionView(recorded(started(), 'task', T1))).toEqual({
      deletionId: '5b0c3f0e-8a5e-4c61-9a3e-0f3f3c1f9d2a',
      status: 'running',
      requestedAt: T0.toISOString(),
      completedAt: null,
      steps: [
        { name: 'credentials', status: 'completed', startedAt: T0.toISOString(), completedAt: T0.toISOString(), attempts: 1 },
        { name: 'task', status: 'completed', startedAt: T0.toISOString(), completedAt: T1.toISOString(), attempts: 1 },
        { name: 'notification', status: 'pending', startedAt: T0.toISOString(), completedAt: null, attempts: 1 },
        { name: 'profile', status: 'waiting', startedAt: null, completedAt: null, attempts: 0 },
        { name: 'account', status: 'waiting', startedAt: null, completedAt: null, attempts: 0 },
      ],
    });
  });
});
