import { DomainException, ErrorCodes } from '@taskhub/platform-errors';

/** 412 PRECONDITION.FAILED: the row's version is not the one the client's If-Match names (someone changed it since). */
export class StaleVersionException extends DomainException {
  constructor(readonly currentVersion: number) {
    super(
      ErrorCodes.PRECONDITION_FAILED,
      'the resource has changed since the version in If-Match: read it again, re-apply your change and send its new ETag',
      412,
      { currentVersion },
    );
  }
}

/** 428 PRECONDITION.REQUIRED: a change of a versioned resource without If-Match (it could overwrite another's change). */
export class PreconditionRequiredException extends DomainException {
  constructor() {
    super(ErrorCodes.PRECONDITION_REQUIRED, 'this needs If-Match with the ETag of the version you last read (GET it first)', 428);
  }
}

/** Why an If-Match header names no version this service can compare. */
export type UnusableIfMatchReason = 'malformed' | 'list' | 'wildcard' | 'weak';

const MESSAGES: Readonly<Record<UnusableIfMatchReason, string>> = {
  malformed: 'If-Match must be one ETag as this service sent it, e.g. "3"',
  list: 'If-Match must name one version, not a list: send the ETag of the version you last read',
  wildcard: 'If-Match: * is not accepted: send the ETag of the version you last read, so that a change made since is not overwritten',
  weak: 'a weak ETag (W/) never matches If-Match: send the ETag as this service sent it, e.g. "3"',
};

/** 412 PRECONDITION.FAILED: If-Match is there but names no single version (malformed, a list, `*`, a weak ETag). */
export class UnusableIfMatchException extends DomainException {
  constructor(readonly reason: UnusableIfMatchReason) {
    super(ErrorCodes.PRECONDITION_FAILED, MESSAGES[reason], 412);
  }
}
