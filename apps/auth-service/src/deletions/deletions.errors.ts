import { DomainException } from '@taskhub/platform-errors';

/** Error codes of account deletion (docs/sagas.md). */
export const DeletionErrors = {
  NOT_FOUND: 'DELETION.NOT_FOUND',
  NOT_RUNNING: 'DELETION.NOT_RUNNING',
} as const;

export class DeletionNotFoundException extends DomainException {
  constructor(id: string) {
    super(DeletionErrors.NOT_FOUND, `deletion ${id} not found`, 404);
  }
}

export class DeletionNotRunningException extends DomainException {
  constructor(id: string) {
    super(DeletionErrors.NOT_RUNNING, `deletion ${id} has completed: there is nothing to resume`, 409);
  }
}
