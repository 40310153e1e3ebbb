import { Global, Module } from '@nestjs/common';
import { ActivityLog } from './activity-log';

/** The activity history: written by every feature in its transactions, read through its routes. */
@Global()
@Module({ providers: [ActivityLog], exports: [ActivityLog] })
export class ActivityModule {}
