import { Global, Module } from '@nestjs/common';
import { ActivityController } from './activity.controller';
import { ActivityLog } from './activity-log';
import { ActivityRepository } from './activity.repository';
import { ActivityService } from './activity.service';

/** The activity history: written by every feature in its transactions (ActivityLog), read through its routes. */
@Global()
@Module({ controllers: [ActivityController], providers: [ActivityLog, ActivityRepository, ActivityService], exports: [ActivityLog] })
export class ActivityModule {}
