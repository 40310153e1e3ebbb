import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { AccessModule } from './access/access.module';
import { ActivityModule } from './activity/activity.module';
import { CachingModule } from './caching/caching.module';
import { CommentsModule } from './comments/comments.module';
import { TASK_DATABASE } from './database/task-database';
import { DeletionRequestedHandler } from './erasure/messaging/deletion-requested.handler';
import { ErasureModule } from './erasure/erasure.module';
import { ExportsModule } from './exports/exports.module';
import { LabelsModule } from './labels/labels.module';
import { ProfileEventHandlers } from './people/messaging/profile-events.handlers';
import { PeopleModule } from './people/people.module';
import { DataExportRequestedHandler } from './personal-data/messaging/data-export-requested.handler';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { ProjectsModule } from './projects/projects.module';
import { RemindersModule } from './reminders/reminders.module';
import { StatsModule } from './stats/stats.module';
import { TasksModule } from './tasks/tasks.module';
import { WarmingModule } from './warming/warming.module';

/**
 * Composition root of the task service: the platform (database, Redis, RabbitMQ, health, metrics, the outbox relay of
 * the task.* events, the consumer of the user service's profile events, the local read model of people, the consumer of
 * the deletion saga's erasure requests, and that of personal data export requests), then access checks, the activity
 * history and the features. PROCESS_ROLE splits it (docs/deployment.md, "Queue-driven autoscaling"): `worker`
 * processes consume `task.exports` (ExportWorker) and run the exports' expiry; `api` processes serve HTTP, consume the
 * three queues above, run the reminders, the activity maintenance and the cache warming, and only declare
 * `task.exports`; `all` (the default) runs both. The outbox relay runs in every process.
 */
@Module({
  imports: [
    PlatformModule.forRoot({
      database: TASK_DATABASE,
      outbox: true,
      consumers: [
        { queue: 'task.people', handler: ProfileEventHandlers },
        { queue: 'task.erasure', handler: DeletionRequestedHandler },
        { queue: 'task.personal-data', handler: DataExportRequestedHandler },
      ],
    }),
    CachingModule,
    PeopleModule,
    AccessModule,
    ActivityModule,
    CommentsModule,
    ProjectsModule,
    LabelsModule,
    TasksModule,
    RemindersModule,
    ExportsModule,
    StatsModule,
    ErasureModule,
    WarmingModule,
    PersonalDataModule,
  ],
})
export class AppModule {}
