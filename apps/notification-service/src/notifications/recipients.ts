import {
  type DueSoonWindow,
  type NotificationKind,
  type ProjectRole,
  type TaskCommentAddedV1,
  type TaskProjectMemberAddedV1,
  type TaskStatus,
  type TaskTaskAssignedV1,
  type TaskTaskDueSoonV1,
  type TaskTaskStatusChangedV1,
} from '@taskhub/contracts';

/**
 * Who is notified of what: pure rules, no I/O. The caller loads what the read models know (a task's creator and
 * assignees, who is disabled) and passes it in; every channel (in-app, e-mail, webhooks) starts from the same answer.
 */

/** What the notification service's read model of tasks knows about one task (null when it has not seen the task). */
export interface TaskWatchers {
  readonly creatorId: string | null;
  readonly assigneeIds: readonly string[];
  readonly title: string | null;
}

/** An event the notification service turns into notifications, with the read model's view of its task where needed. */
export type NotifiableEvent =
  | { readonly type: 'task.task.assigned'; readonly data: TaskTaskAssignedV1 }
  | { readonly type: 'task.task.status_changed'; readonly data: TaskTaskStatusChangedV1; readonly task: TaskWatchers | null }
  | { readonly type: 'task.comment.added'; readonly data: TaskCommentAddedV1; readonly task: TaskWatchers | null }
  | { readonly type: 'task.task.due_soon'; readonly data: TaskTaskDueSoonV1 }
  | { readonly type: 'task.project.member_added'; readonly data: TaskProjectMemberAddedV1 };

/** What a notification shows, beside its actor: the fields a kind does not use are null. */
export interface NotificationSubject {
  readonly taskKey: string | null;
  readonly taskTitle: string | null;
  readonly projectName: string | null;
  readonly statusFrom: TaskStatus | null;
  readonly statusTo: TaskStatus | null;
  /** the start of a comment */
  readonly excerpt: string | null;
  readonly dueAt: string | null;
  readonly dueWindow: DueSoonWindow | null;
  readonly role: ProjectRole | null;
}

/** One event's notification: its kind (a preference kind), who receives it, who caused it, and what it shows. */
export interface NotificationDraft {
  readonly kind: NotificationKind;
  /** distinct user ids, in the event's order; never the actor */
  readonly recipients: readonly string[];
  /** who caused it (null for a due-date reminder, which nobody caused) */
  readonly actorId: string | null;
  readonly projectId: string;
  readonly taskId: string | null;
  readonly subject: NotificationSubject;
}

const NO_SUBJECT: NotificationSubject = {
  taskKey: null,
  taskTitle: null,
  projectName: null,
  statusFrom: null,
  statusTo: null,
  excerpt: null,
  dueAt: null,
  dueWindow: null,
  role: null,
};

/** The notification of an event: its candidate recipients (the actor left out), before preferences and disabled people. */
export function draftNotification(event: NotifiableEvent): NotificationDraft {
  switch (event.type) {
    case 'task.task.assigned': {
      const { data } = event;
      return draft('task.assigned', data.assigneeIds, data.assignedBy, data.projectId, data.taskId, { taskKey: data.key, taskTitle: data.title });
    }
    case 'task.task.status_changed': {
      const { data, task } = event;
      const watchers = task ? [...task.assigneeIds, ...(task.creatorId ? [task.creatorId] : [])] : [];
      const subject = { taskKey: data.key, taskTitle: data.title, statusFrom: data.from, statusTo: data.to };
      return draft('task.status_changed', watchers, data.changedBy, data.projectId, data.taskId, subject);
    }
    case 'task.comment.added': {
      const { data, task } = event;
      const subject = { taskKey: data.taskKey, taskTitle: task?.title ?? null, excerpt: data.excerpt };
      return draft('comment.added', data.mentions, data.authorId, data.projectId, data.taskId, subject);
    }
    case 'task.task.due_soon': {
      const { data } = event;
      const subject = { taskKey: data.key, taskTitle: data.title, dueAt: data.dueAt, dueWindow: data.window };
      return draft('task.due_soon', data.assigneeIds, null, data.projectId, data.taskId, subject);
    }
    case 'task.project.member_added': {
      const { data } = event;
      return draft('project.member_added', [data.userId], data.addedBy, data.projectId, null, { projectName: data.projectName, role: data.role });
    }
  }
}

/** The draft without the people who must not be notified (disabled accounts). */
export function withoutPeople(notification: NotificationDraft, excluded: ReadonlySet<string>): NotificationDraft {
  return { ...notification, recipients: notification.recipients.filter((id) => !excluded.has(id)) };
}

function draft(
  kind: NotificationKind,
  candidates: readonly string[],
  actorId: string | null,
  projectId: string,
  taskId: string | null,
  subject: Partial<NotificationSubject>,
): NotificationDraft {
  const recipients = [...new Set(candidates)].filter((id) => id !== actorId);
  return { kind, recipients, actorId, projectId, taskId, subject: { ...NO_SUBJECT, ...subject } };
}
