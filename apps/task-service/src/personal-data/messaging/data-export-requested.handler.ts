import { Injectable } from '@nestjs/common';
import { personalDataPieces, TASK_PERSONAL_DATA_EXPORTED_V1, USER_DATA_EXPORT_REQUESTED_V1, type UserDataExportRequestedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent, writeToOutbox } from '@taskhub/platform-messaging';
import { TaskPersonalDataRepository } from '../personal-data.repository';

/**
 * Queue `task.personal-data`: answers an export request with the task service's part, in pieces of at most 512 KiB,
 * written to the outbox in the inbox transaction (one snapshot of the person's projects, tasks and comments).
 */
@Injectable()
export class DataExportRequestedHandler {
  constructor(private readonly personalData: TaskPersonalDataRepository) {}

  @HandleEvent(USER_DATA_EXPORT_REQUESTED_V1)
  async requested(data: UserDataExportRequestedV1, { manager }: EventContext<UserDataExportRequestedV1>): Promise<void> {
    const part = await this.personalData.part(manager, data.userId);
    for (const piece of personalDataPieces(data.exportId, data.userId, part)) await writeToOutbox(manager, TASK_PERSONAL_DATA_EXPORTED_V1, piece);
  }
}
