import { Injectable } from '@nestjs/common';
import {
  AUTH_PERSONAL_DATA_EXPORTED_V1,
  type AuthPersonalDataExportedV1,
  NOTIFICATION_PERSONAL_DATA_EXPORTED_V1,
  type NotificationPersonalDataExportedV1,
  TASK_PERSONAL_DATA_EXPORTED_V1,
  type TaskPersonalDataExportedV1,
} from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { DataExportsService } from '../data-exports.service';

/** Queue `user.personal-data`: the pieces of the other services' parts of personal data exports. */
@Injectable()
export class PersonalDataPartsHandlers {
  constructor(private readonly exports: DataExportsService) {}

  @HandleEvent(AUTH_PERSONAL_DATA_EXPORTED_V1)
  auth(data: AuthPersonalDataExportedV1, { manager }: EventContext<AuthPersonalDataExportedV1>): Promise<void> {
    return this.exports.applyPiece(manager, 'auth', data);
  }

  @HandleEvent(TASK_PERSONAL_DATA_EXPORTED_V1)
  task(data: TaskPersonalDataExportedV1, { manager }: EventContext<TaskPersonalDataExportedV1>): Promise<void> {
    return this.exports.applyPiece(manager, 'task', data);
  }

  @HandleEvent(NOTIFICATION_PERSONAL_DATA_EXPORTED_V1)
  notification(data: NotificationPersonalDataExportedV1, { manager }: EventContext<NotificationPersonalDataExportedV1>): Promise<void> {
    return this.exports.applyPiece(manager, 'notification', data);
  }
}
