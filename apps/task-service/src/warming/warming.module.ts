import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { TasksModule } from '../tasks/tasks.module';
import { CacheWarmer } from './cache-warmer';

/** Cache warming at startup, before readiness (docs/projects.md, "Caching"). */
@Module({ imports: [TasksModule, StatsModule], providers: [CacheWarmer] })
export class WarmingModule {}
