import { ApiProperty } from '@nestjs/swagger';

export class LabelResponseDto {
  @ApiProperty({ format: 'uuid', example: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly projectId!: string;

  @ApiProperty({ example: 'bug' })
  readonly name!: string;

  @ApiProperty({ description: '#rrggbb, lower case', example: '#d73a4a' })
  readonly color!: string;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;
}

export class LabelListResponseDto {
  @ApiProperty({ type: [LabelResponseDto], description: 'Every label of the project (at most 500), by name ignoring case' })
  readonly items!: LabelResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Always null: the list is never paged', example: null })
  readonly nextCursor!: null;
}
