import { ApiProperty, PickType } from '@nestjs/swagger';
import { ROLES, type Role } from '@taskhub/platform-auth';
import { type AccountView } from '../account';
import { type AccountStatus } from '../account.entity';

const ACCOUNT_STATUSES: readonly AccountStatus[] = ['active', 'disabled'];

/** An account (AccountView) in the OpenAPI documents: what the admin routes answer. */
export class AccountResponseDto implements AccountView {
  @ApiProperty({ description: 'The account id (UUIDv7).', format: 'uuid', example: '0193f2a4-5b6c-7d8e-9f01-23456789abcd' })
  readonly id!: string;

  @ApiProperty({ description: 'Trimmed and lower-cased.', format: 'email', example: 'ada@example.com' })
  readonly email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  readonly displayName!: string;

  @ApiProperty({ description: 'Every account has `user`; `admin` is granted with `npm run auth-admin -- grant-role`.', enum: ROLES, isArray: true, example: ['user'] })
  readonly roles!: readonly Role[];

  @ApiProperty({ description: 'A disabled account cannot log in, refresh or exchange an API key.', enum: ACCOUNT_STATUSES, example: 'active' })
  readonly status!: AccountStatus;

  @ApiProperty({ format: 'date-time', example: '2026-01-15T09:30:00.000Z' })
  readonly createdAt!: string;

  @ApiProperty({ description: 'The owner followed the verification link (or confirmed an e-mail change): until then no API keys or webhooks, and not in the directory.', example: true })
  readonly emailVerified!: boolean;

  @ApiProperty({ format: 'date-time', type: 'string', nullable: true, example: null })
  readonly disabledAt!: string | null;
}

/** What GET /auth/me answers: the caller's own account. */
export class MeResponseDto extends PickType(AccountResponseDto, ['id', 'email', 'emailVerified', 'roles', 'createdAt'] as const) {}
