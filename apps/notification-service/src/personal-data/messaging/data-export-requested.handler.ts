import { Injectable } from '@nestjs/common';
import { NOTIFICATION_PERSONAL_DATA_EXPORTED_V1, personalDataPieces, USER_DATA_EXPORT_REQUESTED_V1, type UserDataExportRequestedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent, writeToOutbox } from '@taskhub/platform-messaging';
import { NotificationPersonalDataRepository } from '../personal-data.repository';

/**
 * Queue `notification.personal-data`: answers an export request with the notification service's part, in pieces of
 * at most 512 KiB, written to the outbox in the inbox transaction.
 */
@Injectable()
export class DataExportRequestedHandler {
  constructor(private readonly personalData: NotificationPersonalDataRepository) {}

  @HandleEvent(USER_DATA_EXPORT_REQUESTED_V1)
  async requested(data: UserDataExportRequestedV1, { manager }: EventContext<UserDataExportRequestedV1>): Promise<void> {
    const part = await this.personalData.part(manager, data.userId);
    for (const piece of personalDataPieces(data.exportId, data.userId, part)) await writeToOutbox(manager, NOTIFICATION_PERSONAL_DATA_EXPORTED_V1, piece);
  }
}
