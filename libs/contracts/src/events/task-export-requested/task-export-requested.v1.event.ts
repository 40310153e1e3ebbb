import { IsIn, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class TaskExportRequestedV1 {
  /** the export job (GET /exports/:id); its filters are stored with it */
  @IsUUID()
  readonly exportId!: string;

  @IsUUID()
  readonly projectId!: string;

  @IsUUID()
  readonly requestedBy!: string;

  @IsIn(EXPORT_FORMATS)
  readonly format!: ExportFormat;
}

export const TASK_EXPORT_REQUESTED_V1 = defineEvent({
  type: 'task.export.requested',
  version: 1,
  data: TaskExportRequestedV1,
  description: "Someone asked for an export of a project's tasks: the task service's own low-priority queue task.exports writes the file.",
  consumers: ['task'],
});
