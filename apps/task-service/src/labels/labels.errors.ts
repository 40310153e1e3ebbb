import { DomainException } from '@taskhub/platform-errors';
import { LABEL_LIMITS } from './label';

/** Error codes of labels. */
export const LabelErrors = {
  NOT_FOUND: 'LABEL.NOT_FOUND',
  NAME_TAKEN: 'LABEL.NAME_TAKEN',
  LIMIT: 'LABEL.LIMIT',
} as const;

/** No such label in this project (a label of another project included). */
export class LabelNotFoundException extends DomainException {
  constructor(labelId: string) {
    super(LabelErrors.NOT_FOUND, `label ${labelId} not found in this project`, 404);
  }
}

/** Names are unique in a project, whatever their case. */
export class LabelNameTakenException extends DomainException {
  constructor(name: string) {
    super(LabelErrors.NAME_TAKEN, `this project already has a label named ${name} (names are compared ignoring case)`, 409);
  }
}

export class LabelLimitException extends DomainException {
  constructor() {
    super(LabelErrors.LIMIT, `a project has at most ${LABEL_LIMITS.perProject} labels`, 409, { limit: LABEL_LIMITS.perProject });
  }
}
