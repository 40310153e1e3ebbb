import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROFILE_STATUSES, ProfileStatus } from '@taskhub/contracts';

/** A profile as the API shows it: the e-mail address only to its owner and to admins. */
export class ProfileResponseDto {
  @ApiProperty({ format: 'uuid', example: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' })
  readonly id!: string;

  @ApiPropertyOptional({ description: 'Only for yourself and for admins', example: 'ada@example.com' })
  readonly email?: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  readonly displayName!: string;

  @ApiProperty({ type: String, nullable: true, example: 'https://images.example.com/ada.png' })
  readonly avatarUrl!: string | null;

  @ApiProperty({ example: 'Europe/London' })
  readonly timezone!: string;

  @ApiProperty({ example: 'en-GB' })
  readonly locale!: string;

  @ApiProperty({ enum: PROFILE_STATUSES, example: 'active' })
  readonly status!: ProfileStatus;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}

export class ProfilePageResponseDto {
  @ApiProperty({ type: [ProfileResponseDto] })
  readonly items!: ProfileResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  readonly nextCursor!: string | null;
}
