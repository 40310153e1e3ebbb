import { ApiProperty } from '@nestjs/swagger';
import { AccountResponseDto } from '../../accounts/dto/account.response.dto';

/** What GET /auth/accounts answers: one page, newest first. */
export class AccountPageResponseDto {
  @ApiProperty({ type: [AccountResponseDto] })
  readonly items!: AccountResponseDto[];

  @ApiProperty({ description: 'Pass it as `cursor` for the next page; null on the last one.', type: 'string', nullable: true, example: 'MDE5M2YyYTQtNWI2Yy03ZDhlLTlmMDEtMjM0NTY3ODlhYmNk' })
  readonly nextCursor!: string | null;
}
