import { ApiProperty } from '@nestjs/swagger';

/** What POST /auth/register answers. */
export class RegisteredAccountResponseDto {
  @ApiProperty({ description: 'The new account id (UUIDv7).', format: 'uuid', example: '0193f2a4-5b6c-7d8e-9f01-23456789abcd' })
  readonly id!: string;

  @ApiProperty({ description: 'The e-mail address as stored: trimmed and lower-cased.', format: 'email', example: 'ada@example.com' })
  readonly email!: string;
}
