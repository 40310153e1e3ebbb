import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class UserDataExportRequestedV1 {
  /** the export (GET /api/v1/users/me/export/:id); every part answers with it */
  @IsUUID()
  readonly exportId!: string;

  /** the person whose data is exported */
  @IsUUID()
  readonly userId!: string;

  @IsISO8601({ strict: true })
  readonly requestedAt!: string;
}

export const USER_DATA_EXPORT_REQUESTED_V1 = defineEvent({
  type: 'user.data_export.requested',
  version: 1,
  data: UserDataExportRequestedV1,
  description:
    "A person asked for an export of their personal data: auth, task and notification each answer with their part (<service>.personal_data.exported).",
  consumers: ['auth', 'task', 'notification'],
});
