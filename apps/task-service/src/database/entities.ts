import { ActivityEntity } from '../activity/activity.entity';
import { CommentEntity } from '../comments/comment.entity';
import { TaskExportChunkEntity } from '../exports/task-export-chunk.entity';
import { TaskExportEntity } from '../exports/task-export.entity';
import { PersonErasureEntity } from '../erasure/person-erasure.entity';
import { LabelEntity } from '../labels/label.entity';
import { PersonEntity } from '../people/person.entity';
import { ProjectMemberEntity } from '../projects/project-member.entity';
import { ProjectEntity } from '../projects/project.entity';
import { TaskDueReminderEntity } from '../reminders/task-due-reminder.entity';
import { TaskAssigneeEntity } from '../tasks/task-assignee.entity';
import { TaskLabelEntity } from '../tasks/task-label.entity';
import { TaskEntity } from '../tasks/task.entity';

/** Every entity of the task database (the schema itself comes from the migrations). */
export const TASK_ENTITIES = [
  PersonEntity,
  ProjectEntity,
  ProjectMemberEntity,
  LabelEntity,
  TaskEntity,
  TaskAssigneeEntity,
  TaskLabelEntity,
  CommentEntity,
  ActivityEntity,
  TaskDueReminderEntity,
  TaskExportEntity,
  TaskExportChunkEntity,
  PersonErasureEntity,
];
