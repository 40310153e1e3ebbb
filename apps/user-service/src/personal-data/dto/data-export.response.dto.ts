import { ApiProperty } from '@nestjs/swagger';
import { CONTRIBUTED_PARTS, type ContributedPart, type DataExportStatus, type PartStatus } from '../personal-data-export';

export class DataExportPartDto {
  @ApiProperty({ enum: CONTRIBUTED_PARTS, description: 'The service that contributes it (the profile and preferences are read when the archive is made)' })
  readonly name!: ContributedPart;

  @ApiProperty({ enum: ['pending', 'received'] })
  readonly status!: PartStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When its last piece arrived' })
  readonly receivedAt!: string | null;
}

/** A personal data export as its requester sees it. */
export class DataExportResponseDto {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ enum: ['running', 'complete', 'expired'], description: 'running → complete (downloadable until expiresAt) → expired (410), then deleted (404)' })
  readonly status!: DataExportStatus;

  @ApiProperty({ type: [DataExportPartDto] })
  readonly parts!: DataExportPartDto[];

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly completedAt!: string | null;

  @ApiProperty({ format: 'date-time', description: 'Complete: when the archive is deleted (24 hours after completion). Running: when it is given up' })
  readonly expiresAt!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Once complete: where to download the zip', example: '/api/v1/users/me/export/0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e/archive' })
  readonly download!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Size of the zip once complete' })
  readonly bytes!: number | null;
}
