import { DomainException, ErrorCodes } from '@taskhub/platform-errors';

/** Why a cursor was refused: not one of ours in shape, not signed by this service (or altered), or from another query. */
export type InvalidCursorReason = 'malformed' | 'not_issued_here' | 'other_query';

const MESSAGES: Readonly<Record<InvalidCursorReason, string>> = {
  malformed: 'the cursor is malformed: pass nextCursor back exactly as the previous page returned it',
  not_issued_here: 'the cursor was not issued by this service or was altered: pass nextCursor back unchanged',
  other_query: 'the cursor belongs to another list, sort or filter: repeat the query that returned it, or start again without a cursor',
};

/** 400 REQUEST.INVALID_CURSOR: the `cursor` of a list request cannot be used for this request. */
export class InvalidCursorException extends DomainException {
  constructor(readonly reason: InvalidCursorReason) {
    super(ErrorCodes.INVALID_CURSOR, MESSAGES[reason], 400);
  }
}
