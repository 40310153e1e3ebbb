import { type ErrorResponseSpec } from '@taskhub/platform-http';
import { ProjectArchivedException, ProjectNotFoundException, RoleTooLowException, TaskNotFoundException } from '../access/access.errors';
import {
  AssigneeNotMemberException,
  DatesReversedException,
  LabelNotInProjectException,
  ParentCycleException,
  ParentDeletedException,
  ParentNotInProjectException,
  TooDeepException,
} from './tasks.errors';

/** The errors the tasks routes document (the OpenAPI examples), with the ids they show. */
const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const OTHER_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';

export const BAD_UUID: ErrorResponseSpec = { status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' };
export const TASK_NOT_FOUND = new TaskNotFoundException(EXAMPLE_ID);
export const PROJECT_NOT_FOUND = new ProjectNotFoundException(EXAMPLE_ID);
export const VIEWER_CANNOT_WRITE = new RoleTooLowException('viewer', 'editor');
export const PROJECT_ARCHIVED = new ProjectArchivedException(EXAMPLE_ID);

/** The 400s of a task's fields: the DTO's rules (REQUEST.VALIDATION_FAILED), then those the database answers. */
export const FIELD_ERRORS: readonly ErrorResponseSpec[] = [
  400,
  new AssigneeNotMemberException([OTHER_ID]),
  new LabelNotInProjectException([OTHER_ID]),
  new ParentNotInProjectException(OTHER_ID),
  new ParentDeletedException(OTHER_ID),
  new ParentCycleException(OTHER_ID),
  new TooDeepException(6),
  new DatesReversedException('dueAt'),
];
