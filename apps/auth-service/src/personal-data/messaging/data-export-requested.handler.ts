import { Injectable } from '@nestjs/common';
import { AUTH_PERSONAL_DATA_EXPORTED_V1, personalDataPieces, USER_DATA_EXPORT_REQUESTED_V1, type UserDataExportRequestedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent, writeToOutbox } from '@taskhub/platform-messaging';
import { AuthPersonalDataRepository } from '../personal-data.repository';

/**
 * Queue `auth.personal-data`: answers an export request with auth's part, in pieces of at most 512 KiB, written to the
 * outbox in the inbox transaction (a redelivery is absorbed by the inbox; the user service absorbs copies of pieces).
 */
@Injectable()
export class DataExportRequestedHandler {
  constructor(private readonly personalData: AuthPersonalDataRepository) {}

  @HandleEvent(USER_DATA_EXPORT_REQUESTED_V1)
  async requested(data: UserDataExportRequestedV1, { manager }: EventContext<UserDataExportRequestedV1>): Promise<void> {
    const part = await this.personalData.part(manager, data.userId);
    for (const piece of personalDataPieces(data.exportId, data.userId, part)) await writeToOutbox(manager, AUTH_PERSONAL_DATA_EXPORTED_V1, piece);
  }
}
