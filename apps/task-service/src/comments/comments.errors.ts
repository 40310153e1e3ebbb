import { DomainException } from '@taskhub/platform-errors';

/** Error codes of the comments feature. */
export const CommentErrors = {
  NOT_FOUND: 'COMMENT.NOT_FOUND',
  NOT_AUTHOR: 'COMMENT.NOT_AUTHOR',
} as const;

export class CommentNotFoundException extends DomainException {
  constructor(commentId: string) {
    super(CommentErrors.NOT_FOUND, `comment ${commentId} not found`, 404);
  }
}

/** Only its author edits or deletes a comment. */
export class NotAuthorException extends DomainException {
  constructor() {
    super(CommentErrors.NOT_AUTHOR, 'only the author of a comment can change or delete it', 403);
  }
}
