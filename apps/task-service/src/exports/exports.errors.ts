import { DomainException } from '@taskhub/platform-errors';
import { type ExportStatus } from './export';

export const ExportErrors = {
  NOT_FOUND: 'EXPORT.NOT_FOUND',
  NOT_READY: 'EXPORT.NOT_READY',
  EXPIRED: 'EXPORT.EXPIRED',
} as const;

/** No such export, or not the caller's (only its requester sees it, while still a member of its project). */
export class ExportNotFoundException extends DomainException {
  constructor(exportId: string) {
    super(ExportErrors.NOT_FOUND, `export ${exportId} not found`, 404);
  }
}

/** A download before the file is ready (queued, running) or of one that failed. */
export class ExportNotReadyException extends DomainException {
  constructor(exportId: string, status: ExportStatus) {
    super(ExportErrors.NOT_READY, `export ${exportId} is ${status}: its file can be downloaded once it is ready`, 409, { status });
  }
}

/** A download after the TTL: the file is deleted; ask for a new export. */
export class ExportExpiredException extends DomainException {
  constructor(exportId: string) {
    super(ExportErrors.EXPIRED, `export ${exportId} has expired and its file is deleted: request a new export`, 409, { status: 'expired' });
  }
}
