import { Injectable, Logger } from '@nestjs/common';
import { type AuthUserDeletionRequestedV1, TASK_PERSON_ERASED_V1 } from '@taskhub/contracts';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';
import { ActivityLog } from '../activity/activity-log';
import { MembershipCache } from '../caching/membership-cache';
import { MemberDeparture } from '../projects/member-departure';
import { MemberRepository } from '../projects/member.repository';
import { ProjectRepository } from '../projects/project.repository';
import { nameSpellings } from './person-erasure';
import { type Membership, PersonErasureRepository } from './person-erasure.repository';

/**
 * The task service's step of the account deletion saga (docs/projects.md#erasure-of-a-person), in the transaction
 * that records the event in the inbox: the person leaves every project (a project whose only owner they are passes
 * to its oldest editor, or is archived when it has none), is unassigned from every task, keeps their history and
 * comments under the anonymous name, and every copy of their name goes (read model, history, mentions, export
 * files, published outbox rows); then task.person.erased.v1. A deletion applied before (a replay, whatever its
 * event id) changes nothing and publishes nothing.
 */
@Injectable()
export class PersonErasureService {
  private readonly logger = new Logger(PersonErasureService.name);

  constructor(
    private readonly erasures: PersonErasureRepository,
    private readonly members: MemberRepository,
    private readonly projects: ProjectRepository,
    private readonly departure: MemberDeparture,
    private readonly activity: ActivityLog,
    private readonly membership: MembershipCache,
  ) {}

  async erase(manager: EntityManager, { deletionId, userId }: AuthUserDeletionRequestedV1): Promise<void> {
    const erasedAt = await this.erasures.claim(manager, deletionId, userId);
    if (!erasedAt) {
      this.logger.log(`deletion ${deletionId}: applied before, nothing to do`);
      return;
    }
    // first, so the history entries written below name them anonymously too
    const displayName = await this.erasures.tombstone(manager, userId);
    const memberships = await this.erasures.memberships(manager, userId);
    for (const membership of memberships) await this.leave(manager, membership, userId);
    for (const projectId of await this.erasures.assignedProjectIds(manager, userId)) await this.departure.unassign(manager, projectId, userId, userId);
    await this.erasures.anonymiseActivity(manager, userId);
    await this.erasures.anonymiseMentions(manager, userId);
    const needles = [userId, ...(displayName === null ? [] : nameSpellings(displayName))];
    await this.erasures.eraseExports(manager, userId, memberships.map((m) => m.projectId), needles);
    await this.erasures.scrubOutbox(manager, userId, needles);
    await writeToOutbox(manager, TASK_PERSON_ERASED_V1, { deletionId, userId, erasedAt: erasedAt.toISOString() });
    this.logger.log(`deletion ${deletionId}: erased from ${memberships.length} projects`);
  }

  /** Leaves one project as its members leave it, the last-owner rule kept by handing it over or archiving it first. */
  private async leave(manager: EntityManager, { projectId, role, archived }: Membership, userId: string): Promise<void> {
    if (role === 'owner' && (await this.members.counts(manager, projectId)).owners === 1) {
      const heir = await this.erasures.oldestEditor(manager, projectId);
      if (heir) await this.handOver(manager, projectId, heir, userId);
      else if (!archived) await this.archive(manager, projectId, userId);
    }
    await this.departure.remove(manager, projectId, { userId, role }, userId);
  }

  private async handOver(manager: EntityManager, projectId: string, heir: string, userId: string): Promise<void> {
    await this.members.updateRole(manager, projectId, heir, 'owner');
    this.membership.forgetMemberAfterCommit(manager, projectId, heir);
    await this.activity.record(manager, {
      projectId,
      actorId: userId,
      action: 'member.role_changed',
      changes: [
        { field: 'member', old: heir, new: heir },
        { field: 'role', old: 'editor', new: 'owner' },
      ],
    });
  }

  private async archive(manager: EntityManager, projectId: string, userId: string): Promise<void> {
    await this.projects.update(manager, projectId, { archivedAt: new Date() });
    this.membership.forgetProjectAfterCommit(manager, projectId);
    await this.activity.record(manager, { projectId, actorId: userId, action: 'project.archived', changes: [{ field: 'archived', old: false, new: true }] });
  }
}
