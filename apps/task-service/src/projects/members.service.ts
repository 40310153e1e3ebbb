import { Injectable } from '@nestjs/common';
import { type ProjectRole, TASK_PROJECT_MEMBER_ADDED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { RequestValidationException } from '@taskhub/platform-errors';
import { type Page, PageCursors, type PageQueryDto, pageLimit } from '@taskhub/platform-http';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { ProjectAccess } from '../access/project-access';
import { ActivityLog } from '../activity/activity-log';
import { MembershipCache } from '../caching/membership-cache';
import { PersonRepository } from '../people/person.repository';
import { type AddMemberRequestDto } from './dto/add-member.request.dto';
import { MemberDeparture } from './member-departure';
import { type MemberListPosition, MemberRepository } from './member.repository';
import { type Member, PROJECT_LIMITS } from './project';
import { LastOwnerException, MemberExistsException, MemberLimitException, MemberNotFoundException } from './projects.errors';

/**
 * Members and their roles. Every change locks the project row first, so the member limit and the last-owner rule hold
 * between concurrent changes; changes are refused while the project is archived.
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly members: MemberRepository,
    private readonly people: PersonRepository,
    private readonly access: ProjectAccess,
    private readonly activity: ActivityLog,
    private readonly cursors: PageCursors,
    private readonly membership: MembershipCache,
    private readonly departure: MemberDeparture,
  ) {}

  /** Any member: the members in the order they joined. */
  list(user: AuthenticatedUser, projectId: string, query: PageQueryDto): Promise<Page<Member>> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.access.require(manager, projectId, user.id, 'viewer');
      const binding = { list: 'task.project.members', projectId };
      const limit = pageLimit(query);
      const after = this.cursors.decode<MemberListPosition>(query.cursor, binding);
      const rows = await this.members.list(manager, projectId, { after, limit: limit + 1 });
      const page = this.cursors.page(rows, limit, (last) => last.position, binding);
      return { items: page.items.map((row) => row.member), nextCursor: page.nextCursor };
    });
  }

  /** Owners: an active user the people read model knows, not yet a member, while the project has room. */
  add(user: AuthenticatedUser, projectId: string, input: AddMemberRequestDto): Promise<Member> {
    return this.dataSource.transaction(async (manager) => {
      const project = await this.access.require(manager, projectId, user.id, 'owner', { write: true, lock: true });
      if (!(await this.people.activeIds(manager, [input.userId])).has(input.userId)) {
        throw new RequestValidationException([{ field: 'userId', constraints: { isKnownUser: 'userId must be the id of an active user TaskHub knows' } }]);
      }
      if ((await this.members.counts(manager, projectId)).members >= PROJECT_LIMITS.members) throw new MemberLimitException();
      const member = await this.members.insertIfAbsent(manager, { projectId, userId: input.userId, role: input.role, addedBy: user.id });
      if (!member) throw new MemberExistsException(input.userId);
      this.membership.forgetMemberAfterCommit(manager, projectId, member.userId);
      await writeToOutbox(manager, TASK_PROJECT_MEMBER_ADDED_V1, { projectId, projectName: project.name, userId: member.userId, role: member.role, addedBy: user.id });
      await this.activity.record(manager, {
        projectId,
        actorId: user.id,
        action: 'member.added',
        changes: [
          { field: 'member', old: null, new: member.userId },
          { field: 'role', old: null, new: member.role },
        ],
      });
      return member;
    });
  }

  /** Owners; the last owner cannot be demoted. The same role again changes nothing. */
  changeRole(user: AuthenticatedUser, projectId: string, userId: string, role: ProjectRole): Promise<Member> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(manager, projectId, user.id, 'owner', { write: true, lock: true });
      const current = await this.existing(manager, projectId, userId);
      if (current.role === role) return current;
      if (current.role === 'owner') await this.keepAnOwner(manager, projectId);
      const updated = await this.members.updateRole(manager, projectId, userId, role);
      this.membership.forgetMemberAfterCommit(manager, projectId, userId);
      await this.activity.record(manager, {
        projectId,
        actorId: user.id,
        action: 'member.role_changed',
        changes: [
          { field: 'member', old: userId, new: userId },
          { field: 'role', old: current.role, new: role },
        ],
      });
      return updated;
    });
  }

  /**
   * Owners remove anyone; any member may remove themselves (leave). The last owner can do neither. The member is
   * unassigned from the project's tasks in the same transaction: each such task gets version +1, a `task.updated`
   * activity and task.task.updated.v1 with the assignees change.
   */
  async remove(user: AuthenticatedUser, projectId: string, userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.require(manager, projectId, user.id, userId === user.id ? 'viewer' : 'owner', { write: true, lock: true });
      const current = await this.existing(manager, projectId, userId);
      if (current.role === 'owner') await this.keepAnOwner(manager, projectId);
      await this.departure.remove(manager, projectId, current, user.id);
    });
  }

  private async existing(manager: EntityManager, projectId: string, userId: string): Promise<Member> {
    const member = await this.members.byUser(manager, projectId, userId);
    if (!member) throw new MemberNotFoundException(userId);
    return member;
  }

  /** Called before an owner stops being one (the project row is locked: no concurrent change slips in between). */
  private async keepAnOwner(manager: EntityManager, projectId: string): Promise<void> {
    if ((await this.members.counts(manager, projectId)).owners <= 1) throw new LastOwnerException();
  }
}
