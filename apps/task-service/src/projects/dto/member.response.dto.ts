import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_ROLES, ProjectRole } from '@taskhub/contracts';

export class MemberResponseDto {
  @ApiProperty({ format: 'uuid', example: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' })
  readonly userId!: string;

  @ApiProperty({ enum: PROJECT_ROLES, example: 'editor' })
  readonly role!: ProjectRole;

  @ApiProperty({ type: String, nullable: true, description: 'From the user service, as last heard (null until then)', example: 'Ada Lovelace' })
  readonly displayName!: string | null;

  @ApiProperty({ format: 'uuid', description: 'The owner who added them (the creator for the first owner)' })
  readonly addedBy!: string;

  @ApiProperty({ format: 'date-time' })
  readonly addedAt!: string;
}

export class MemberPageResponseDto {
  @ApiProperty({ type: [MemberResponseDto], description: 'In the order they joined' })
  readonly items!: MemberResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  readonly nextCursor!: string | null;
}
