import { defineEvent } from '../../envelope/event-contract';
import { PersonalDataPartV1 } from '../personal-data-part/personal-data-part.v1';

export class TaskPersonalDataExportedV1 extends PersonalDataPartV1 {}

export const TASK_PERSONAL_DATA_EXPORTED_V1 = defineEvent({
  type: 'task.personal_data.exported',
  version: 1,
  data: TaskPersonalDataExportedV1,
  description: "One piece of the task service's part of a personal data export: projects and memberships with role, tasks created by or assigned to the person, comments they wrote.",
  consumers: ['user'],
  personalData: true,
});
