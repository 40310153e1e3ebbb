import { watchedChange } from './watched-change';

const TASK = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const PROJECT = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';
const A = '0190f5c2-7a4e-7cc1-9d2b-00000000000a';

const updated = (changes: { field: string; old: unknown; new: unknown }[]) => ({ taskId: TASK, projectId: PROJECT, version: 4, changes, updatedBy: A });

describe(watchedChange.name, () => {
  it('should keep the new assignees, the new title and a restore', () => {
    const change = watchedChange(
      updated([
        { field: 'assigneeIds', old: [], new: [A] },
        { field: 'title', old: 'Old', new: 'New' },
        { field: 'deletedAt', old: '2026-12-01T00:00:00.000Z', new: null },
      ]),
    );

    expect(change).toEqual({ taskId: TASK, projectId: PROJECT, version: 4, assigneeIds: [A], title: 'New', restored: true });
  });

  it('should ignore an update of fields the read model does not keep', () => {
    expect(watchedChange(updated([{ field: 'priority', old: 'none', new: 'high' }]))).toBeNull();
  });
});
