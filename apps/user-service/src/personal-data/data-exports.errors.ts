import { DomainException } from '@taskhub/platform-errors';

/** Error codes of the personal data export. */
export const DataExportErrors = {
  NOT_FOUND: 'USER.EXPORT_NOT_FOUND',
  RUNNING: 'USER.EXPORT_RUNNING',
  NOT_READY: 'USER.EXPORT_NOT_READY',
  EXPIRED: 'USER.EXPORT_EXPIRED',
} as const;

/** Not there, deleted after its expiry, or someone else's. */
export class DataExportNotFoundException extends DomainException {
  constructor(id: string) {
    super(DataExportErrors.NOT_FOUND, `export ${id} not found`, 404);
  }
}

/** One export at a time: `details.exportId` is the running one, to follow instead. */
export class DataExportRunningException extends DomainException {
  constructor(exportId: string) {
    super(DataExportErrors.RUNNING, `an export of your data is already running: ${exportId}`, 409, { exportId });
  }
}

export class DataExportNotReadyException extends DomainException {
  constructor(id: string) {
    super(DataExportErrors.NOT_READY, `export ${id} is still running`, 409);
  }
}

/** Past its expiry, until the sweep deletes it (then 404). */
export class DataExportExpiredException extends DomainException {
  constructor(id: string) {
    super(DataExportErrors.EXPIRED, `export ${id} has expired: ask for a new one`, 410);
  }
}
