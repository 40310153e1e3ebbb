import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_ROLES, ProjectRole } from '@taskhub/contracts';

/** A project as one of its members sees it. */
export class ProjectResponseDto {
  @ApiProperty({ format: 'uuid', example: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' })
  readonly id!: string;

  @ApiProperty({ description: 'The prefix of its task numbers', example: 'WEB' })
  readonly key!: string;

  @ApiProperty({ example: 'Website' })
  readonly name!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Markdown', example: 'The public website' })
  readonly description!: string | null;

  @ApiProperty({ description: 'An archived project is read-only until unarchived', example: false })
  readonly archived!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly archivedAt!: string | null;

  @ApiProperty({ enum: PROJECT_ROLES, description: 'Your role in it', example: 'owner' })
  readonly role!: ProjectRole;

  @ApiProperty({ format: 'uuid', description: 'Who created it' })
  readonly createdBy!: string;

  @ApiProperty({ description: '+1 on every change of the project itself (name, description, archived): its ETag', example: 1 })
  readonly version!: number;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}

/** GET /projects/:id: the project with the sizes of its member and label lists. */
export class ProjectDetailResponseDto extends ProjectResponseDto {
  @ApiProperty({ example: 3 })
  readonly memberCount!: number;

  @ApiProperty({ example: 5 })
  readonly labelCount!: number;
}

export class ProjectPageResponseDto {
  @ApiProperty({ type: [ProjectResponseDto] })
  readonly items!: ProjectResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  readonly nextCursor!: string | null;
}
