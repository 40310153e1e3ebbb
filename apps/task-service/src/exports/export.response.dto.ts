import { ApiProperty } from '@nestjs/swagger';
import { EXPORT_FORMATS, type ExportFormat } from '@taskhub/contracts';
import { EXPORT_STATUSES, type ExportStatus } from './export';

export class ExportQueuedResponseDto {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ enum: ['queued'] })
  readonly status!: 'queued';
}

export class ExportProgressDto {
  @ApiProperty({ description: 'Tasks written so far', example: 120000 })
  readonly rowsWritten!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Tasks the export holds, once counted (running)', example: 200000 })
  readonly totalRows!: number | null;

  @ApiProperty({ description: '0-100; 100 once ready', example: 60 })
  readonly percent!: number;
}

/** An export job as its requester sees it. */
export class ExportResponseDto {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly projectId!: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  readonly format!: ExportFormat;

  @ApiProperty({ enum: EXPORT_STATUSES, description: 'queued → running → ready (downloadable until expiresAt) → expired; or failed' })
  readonly status!: ExportStatus;

  @ApiProperty({ type: ExportProgressDto })
  readonly progress!: ExportProgressDto;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed' })
  readonly error!: string | null;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the file is deleted (set once ready)' })
  readonly expiresAt!: string | null;
}
