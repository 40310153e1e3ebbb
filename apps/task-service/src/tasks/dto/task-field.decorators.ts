import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_PRIORITIES, TASK_STATUSES } from '@taskhub/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { MaxUtf8Bytes } from '../../common/max-utf8-bytes.validator';
import { TASK_LIMITS } from '../task';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Absent is fine; null only where `nullable` (it clears the field). */
function optional(nullable: boolean): PropertyDecorator {
  return nullable ? applyDecorators(IsOptional()) : applyDecorators(ValidateIf((_, value) => value !== undefined));
}

/** The title: trimmed, 1-200 characters. */
export function TitleField(required: boolean): PropertyDecorator {
  const doc = { description: 'Trimmed', minLength: 1, maxLength: TASK_LIMITS.TITLE_MAX_LENGTH, example: 'Ship the login page' };
  return applyDecorators(
    required ? ApiProperty(doc) : ApiPropertyOptional(doc),
    ...(required ? [] : [optional(false)]),
    Transform(trim),
    IsString(),
    Length(1, TASK_LIMITS.TITLE_MAX_LENGTH),
  );
}

export function DescriptionField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `Markdown, at most ${TASK_LIMITS.DESCRIPTION_MAX_BYTES} bytes of UTF-8 (64 KiB); null removes it`,
      type: String,
      nullable: true,
      example: 'The form posts to `/auth/login`; show the error under the field.',
    }),
    optional(true),
    IsString(),
    MaxUtf8Bytes(TASK_LIMITS.DESCRIPTION_MAX_BYTES),
  );
}

export function StatusField(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ enum: TASK_STATUSES, description: '`done` sets completedAt; default todo', example: 'in_progress' }), optional(false), IsIn(TASK_STATUSES));
}

export function PriorityField(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ enum: TASK_PRIORITIES, description: 'Default none', example: 'high' }), optional(false), IsIn(TASK_PRIORITIES));
}

/** startAt / dueAt: an ISO 8601 date or date-time; null removes it. */
export function InstantField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `${description}; ISO 8601 (a date alone is midnight UTC); null removes it`, type: String, format: 'date-time', nullable: true, example: '2026-03-01T09:00:00Z' }),
    optional(true),
    IsISO8601({ strict: true }),
  );
}

export function ParentIdField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `Makes it a subtask: a task of the same project, not deleted, not this task or under it, at most ${TASK_LIMITS.MAX_DEPTH} levels deep; null makes it a top-level task`,
      type: String,
      format: 'uuid',
      nullable: true,
    }),
    optional(true),
    IsUUID(),
  );
}

/** assigneeIds / labelIds: a set of ids (no repeats), at most `max`. */
export function IdSetField(max: number, description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `${description}; at most ${max}, no repeats`, type: [String], format: 'uuid', maxItems: max, uniqueItems: true }),
    optional(false),
    IsArray(),
    ArrayMaxSize(max),
    ArrayUnique(),
    IsUUID('all', { each: true }),
  );
}
