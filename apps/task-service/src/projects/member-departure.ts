import { Injectable } from '@nestjs/common';
import { type ProjectRole, TASK_PROJECT_MEMBER_REMOVED_V1, TASK_TASK_UPDATED_V1 } from '@taskhub/contracts';
import { writeAllToOutbox, writeToOutbox } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';
import { ActivityLog } from '../activity/activity-log';
import { MembershipCache } from '../caching/membership-cache';
import { MemberRepository, type Unassignment } from './member.repository';

/** Events written per INSERT when a removal unassigns someone from many tasks (4 parameters each, under Postgres' 65,535). */
const OUTBOX_CHUNK = 1_000;

/**
 * A member leaving a project, in the caller's transaction (the project row locked, the rules checked by the caller):
 * unassigned from the project's tasks, removed, announced (task.project.member_removed.v1) and recorded. Shared by
 * DELETE /projects/:id/members/:userId and the erasure of a person (src/erasure).
 */
@Injectable()
export class MemberDeparture {
  constructor(
    private readonly members: MemberRepository,
    private readonly activity: ActivityLog,
    private readonly membership: MembershipCache,
  ) {}

  async remove(manager: EntityManager, projectId: string, member: { userId: string; role: ProjectRole }, actorId: string): Promise<void> {
    const { userId } = member;
    await this.unassign(manager, projectId, userId, actorId);
    await this.members.delete(manager, projectId, userId);
    this.membership.forgetMemberAfterCommit(manager, projectId, userId);
    await writeToOutbox(manager, TASK_PROJECT_MEMBER_REMOVED_V1, { projectId, userId, removedBy: actorId });
    await this.activity.record(manager, {
      projectId,
      actorId,
      action: 'member.removed',
      changes: [
        { field: 'member', old: userId, new: null },
        { field: 'role', old: member.role, new: null },
      ],
    });
  }

  /**
   * Takes the user off every task of the project (soft-deleted ones too): each such task gets version +1, a
   * `task.updated` activity and task.task.updated.v1 with the assignees change. Returns how many tasks.
   */
  async unassign(manager: EntityManager, projectId: string, userId: string, actorId: string): Promise<number> {
    const unassigned = await this.members.unassignFromProjectTasks(manager, projectId, userId);
    await this.recordUnassignments(manager, projectId, actorId, unassigned);
    return unassigned.length;
  }

  private async recordUnassignments(manager: EntityManager, projectId: string, actorId: string, unassigned: readonly Unassignment[]): Promise<void> {
    for (const task of unassigned) {
      await this.activity.record(manager, { projectId, taskId: task.taskId, actorId, action: 'task.updated', changes: [{ field: 'assigneeIds', old: task.before, new: task.after }] });
    }
    for (let i = 0; i < unassigned.length; i += OUTBOX_CHUNK) {
      const events = unassigned.slice(i, i + OUTBOX_CHUNK).map((task) => ({
        contract: TASK_TASK_UPDATED_V1,
        data: { taskId: task.taskId, projectId, version: task.version, changes: [{ field: 'assigneeIds', old: task.before, new: task.after }], updatedBy: actorId },
      }));
      await writeAllToOutbox(manager, events);
    }
  }
}
