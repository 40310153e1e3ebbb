import { NotificationEntity } from '../notifications/notification.entity';
import { PersonPreferencesEntity } from '../people/person-preferences.entity';
import { PersonEntity } from '../people/person.entity';
import { TaskWatchEntity } from '../task-watch/task-watch.entity';

/** Every entity of the notification database (the schema itself comes from the migrations). */
export const NOTIFICATION_ENTITIES = [PersonEntity, PersonPreferencesEntity, TaskWatchEntity, NotificationEntity];
