import { ApiProperty } from '@nestjs/swagger';
import { TaskResponseDto } from '../dto/task.response.dto';

/** The tasks the bulk edit changed (each with its new version), and those it left as they were. */
export class BulkUpdateResponseDto {
  @ApiProperty({ type: [TaskResponseDto], description: 'The changed tasks, in id order' })
  readonly changed!: readonly TaskResponseDto[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'The tasks that already had these values (no new version, history or event)' })
  readonly unchanged!: readonly string[];
}
