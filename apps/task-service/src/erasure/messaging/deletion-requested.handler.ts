import { Injectable } from '@nestjs/common';
import { AUTH_USER_DELETION_REQUESTED_V1, type AuthUserDeletionRequestedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { PersonErasureService } from '../person-erasure.service';

/** Queue `task.erasure`: the account deletion saga's request to erase a person (auth.user.deletion_requested.v1). */
@Injectable()
export class DeletionRequestedHandler {
  constructor(private readonly erasure: PersonErasureService) {}

  @HandleEvent(AUTH_USER_DELETION_REQUESTED_V1)
  requested(data: AuthUserDeletionRequestedV1, { manager }: EventContext<AuthUserDeletionRequestedV1>): Promise<void> {
    return this.erasure.erase(manager, data);
  }
}
