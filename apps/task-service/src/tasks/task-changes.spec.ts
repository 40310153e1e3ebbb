import { type Task } from './task';
import { changedFields, fieldChanges, initialChanges } from './task-changes';

const A = '0190f5c2-7a4e-7cc1-9d2b-00000000000a';
const B = '0190f5c2-7a4e-7cc1-9d2b-00000000000b';

const task = (overrides: Partial<Task> = {}): Task => ({
  id: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e',
  projectId: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f',
  number: 1,
  key: 'WEB-1',
  title: 'Ship it',
  description: null,
  status: 'todo',
  priority: 'none',
  startAt: null,
  dueAt: null,
  completedAt: null,
  parentId: null,
  parentDeleted: false,
  subtaskCount: 0,
  assignees: [],
  labels: [],
  version: 1,
  createdBy: A,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('task changes', () => {
  it('should list only the sent fields whose value differs, sets compared as sorted lists', () => {
    const current = { title: 'Ship it', description: null, status: 'todo', priority: 'none', startAt: null, dueAt: null, parentId: null, assigneeIds: [A, B], labelIds: [] } as const;

    expect(changedFields(current, { title: 'Ship it', assigneeIds: [A, B], labelIds: [] })).toEqual([]);
    expect(changedFields(current, { title: 'Ship it now', description: null, assigneeIds: [A], priority: 'high' })).toEqual(['title', 'priority', 'assigneeIds']);
  });

  it('should give every changed field with its old and new value, completedAt included', () => {
    const before = task({ assignees: [{ id: A, displayName: 'Ada' }] });
    const after = task({ status: 'done', completedAt: '2026-01-02T00:00:00.000Z', assignees: [{ id: A, displayName: 'Ada' }, { id: B, displayName: null }], version: 2 });

    expect(fieldChanges(before, after)).toEqual([
      { field: 'status', old: 'todo', new: 'done' },
      { field: 'assigneeIds', old: [A], new: [A, B] },
      { field: 'completedAt', old: null, new: '2026-01-02T00:00:00.000Z' },
    ]);
  });

  it('should describe a new task by the fields it has a value in', () => {
    expect(initialChanges(task({ dueAt: '2026-02-01T00:00:00.000Z', labels: [{ id: B, name: 'bug', color: '#ff0000' }] }))).toEqual([
      { field: 'title', old: null, new: 'Ship it' },
      { field: 'status', old: null, new: 'todo' },
      { field: 'priority', old: null, new: 'none' },
      { field: 'dueAt', old: null, new: '2026-02-01T00:00:00.000Z' },
      { field: 'labelIds', old: null, new: [B] },
    ]);
  });
});
