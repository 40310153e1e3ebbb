import { Injectable } from '@nestjs/common';
import { AUTH_USER_DELETION_REQUESTED_V1, type AuthUserDeletionRequestedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { PersonErasure } from '../person-erasure';

/** Queue `notification.erasure`: account deletions (auth), each erased in the transaction that records the event. */
@Injectable()
export class DeletionEventHandlers {
  constructor(private readonly erasure: PersonErasure) {}

  @HandleEvent(AUTH_USER_DELETION_REQUESTED_V1)
  deletionRequested(data: AuthUserDeletionRequestedV1, { manager }: EventContext<AuthUserDeletionRequestedV1>): Promise<void> {
    return this.erasure.erase(manager, data);
  }
}
