import { draftNotification, type NotificationSubject, withoutPeople } from './recipients';

const A = '0190f5c2-7a4e-7cc1-9d2b-00000000000a';
const B = '0190f5c2-7a4e-7cc1-9d2b-00000000000b';
const C = '0190f5c2-7a4e-7cc1-9d2b-00000000000c';
const D = '0190f5c2-7a4e-7cc1-9d2b-00000000000d';
const TASK = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const PROJECT = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';

const subject = (fields: Partial<NotificationSubject>): NotificationSubject => ({
  taskKey: null,
  taskTitle: null,
  projectName: null,
  statusFrom: null,
  statusTo: null,
  excerpt: null,
  dueAt: null,
  dueWindow: null,
  role: null,
  ...fields,
});

describe(draftNotification.name, () => {
  it('should notify the newly assigned of an assignment, never the one who assigned', () => {
    const draft = draftNotification({
      type: 'task.task.assigned',
      data: { taskId: TASK, projectId: PROJECT, key: 'WEB-1', title: 'Ship it', assigneeIds: [B, A, C], assignedBy: A },
    });

    expect(draft).toEqual({
      kind: 'task.assigned',
      recipients: [B, C],
      actorId: A,
      projectId: PROJECT,
      taskId: TASK,
      subject: subject({ taskKey: 'WEB-1', taskTitle: 'Ship it' }),
    });
  });

  it("should notify a status change to the task's assignees and creator once each, not the one who changed it", () => {
    const draft = draftNotification({
      type: 'task.task.status_changed',
      data: { taskId: TASK, projectId: PROJECT, key: 'WEB-1', title: 'Ship it', from: 'todo', to: 'done', changedBy: C },
      task: { creatorId: A, assigneeIds: [B, A, C], title: 'Ship it' },
    });

    expect(draft.kind).toBe('task.status_changed');
    expect(draft.recipients).toEqual([B, A]);
    expect(draft.actorId).toBe(C);
    expect(draft.subject).toEqual(subject({ taskKey: 'WEB-1', taskTitle: 'Ship it', statusFrom: 'todo', statusTo: 'done' }));
  });

  it('should notify a status change to nobody when the read model has not seen the task', () => {
    const draft = draftNotification({
      type: 'task.task.status_changed',
      data: { taskId: TASK, projectId: PROJECT, key: 'WEB-1', title: 'Ship it', from: 'todo', to: 'done', changedBy: C },
      task: null,
    });

    expect(draft.recipients).toEqual([]);
  });

  it('should notify the mentioned of a comment, not its author, with the excerpt and the known title', () => {
    const draft = draftNotification({
      type: 'task.comment.added',
      data: { commentId: D, taskId: TASK, projectId: PROJECT, taskKey: 'WEB-1', authorId: A, mentions: [A, B, B], excerpt: 'look @B' },
      task: { creatorId: C, assigneeIds: [C], title: 'Ship it' },
    });

    expect(draft).toEqual({
      kind: 'comment.added',
      recipients: [B],
      actorId: A,
      projectId: PROJECT,
      taskId: TASK,
      subject: subject({ taskKey: 'WEB-1', taskTitle: 'Ship it', excerpt: 'look @B' }),
    });
  });

  it('should notify the assignees the reminder names of a due date, with no actor', () => {
    const draft = draftNotification({
      type: 'task.task.due_soon',
      data: { taskId: TASK, projectId: PROJECT, key: 'WEB-1', title: 'Ship it', dueAt: '2026-12-05T10:00:00.000Z', window: '1h', assigneeIds: [A, B] },
    });

    expect(draft).toEqual({
      kind: 'task.due_soon',
      recipients: [A, B],
      actorId: null,
      projectId: PROJECT,
      taskId: TASK,
      subject: subject({ taskKey: 'WEB-1', taskTitle: 'Ship it', dueAt: '2026-12-05T10:00:00.000Z', dueWindow: '1h' }),
    });
  });

  it('should notify the added member of a project, and nobody when they added themselves', () => {
    const data = { projectId: PROJECT, projectName: 'Website', userId: B, role: 'editor' as const, addedBy: A };

    expect(draftNotification({ type: 'task.project.member_added', data })).toEqual({
      kind: 'project.member_added',
      recipients: [B],
      actorId: A,
      projectId: PROJECT,
      taskId: null,
      subject: subject({ projectName: 'Website', role: 'editor' }),
    });
    expect(draftNotification({ type: 'task.project.member_added', data: { ...data, addedBy: B } }).recipients).toEqual([]);
  });
});

describe(withoutPeople.name, () => {
  it('should leave out the excluded people and keep the rest in order', () => {
    const draft = draftNotification({
      type: 'task.task.assigned',
      data: { taskId: TASK, projectId: PROJECT, key: 'WEB-1', title: 'Ship it', assigneeIds: [B, C, D], assignedBy: A },
    });

    expect(withoutPeople(draft, new Set([C])).recipients).toEqual([B, D]);
  });
});
