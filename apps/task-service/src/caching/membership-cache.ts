import { Injectable } from '@nestjs/common';
import { type ProjectRole } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { TaskCaches } from './task-caches';

/** A project as access checks see it. */
export interface CachedProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly archived: boolean;
}

/** A user's role in a project; null: not a member (cached too, so a non-member's probing costs no query). */
export interface CachedRole {
  readonly role: ProjectRole | null;
}

/**
 * The two halves of a membership check, cached apart so each change drops only its half: the project
 * (`project:<id>`: renamed, archived, unarchived, deleted) and a user's role in it (`member:<projectId>:<userId>`:
 * added, role changed, removed). Drops run after the commit and return once every instance has dropped its copy.
 */
@Injectable()
export class MembershipCache {
  constructor(private readonly caches: TaskCaches) {}

  project(projectId: string, load: () => Promise<CachedProject | null>): Promise<CachedProject | null> {
    return this.caches.membership.getOrLoad(projectKey(projectId), load) as Promise<CachedProject | null>;
  }

  role(projectId: string, userId: string, load: () => Promise<CachedRole>): Promise<CachedRole | null> {
    return this.caches.membership.getOrLoad(memberKey(projectId, userId), load) as Promise<CachedRole | null>;
  }

  forgetProjectAfterCommit(manager: EntityManager, projectId: string): void {
    this.caches.membership.invalidateAfterCommit(manager, projectKey(projectId));
  }

  forgetMemberAfterCommit(manager: EntityManager, projectId: string, userId: string): void {
    this.caches.membership.invalidateAfterCommit(manager, memberKey(projectId, userId));
  }
}

function projectKey(projectId: string): string {
  return `project:${projectId}`;
}

function memberKey(projectId: string, userId: string): string {
  return `member:${projectId}:${userId}`;
}
