import { Global, Module } from '@nestjs/common';
import { ListPageCache } from './list-page-cache';
import { MembershipCache } from './membership-cache';
import { ProjectGenerations } from './project-generations';
import { TaskCaches } from './task-caches';

/** The task service's caches (docs/projects.md, "Caching"), used by access checks, the activity log, lists and stats. */
@Global()
@Module({
  providers: [TaskCaches, MembershipCache, ListPageCache, ProjectGenerations],
  exports: [TaskCaches, MembershipCache, ListPageCache, ProjectGenerations],
})
export class CachingModule {}
