import { Global, Module } from '@nestjs/common';
import { ActivityController } from './activity.controller';
import { ActivityLog } from './activity-log';
import { ActivityRepository } from './activity.repository';
import { ActivityService } from './activity.service';
import { ActivityArchiver } from './partitions/activity-archiver';
import { ActivityMaintenance } from './partitions/activity-maintenance';
import { ActivityPartitions } from './partitions/activity-partitions';

/**
 * The activity history: written by every feature in its transactions (ActivityLog), read through its routes, kept in
 * month partitions that are created ahead and archived when old (ActivityMaintenance, docs/operations.md).
 */
@Global()
@Module({
  controllers: [ActivityController],
  providers: [ActivityLog, ActivityRepository, ActivityService, ActivityPartitions, ActivityArchiver, ActivityMaintenance],
  exports: [ActivityLog],
})
export class ActivityModule {}
