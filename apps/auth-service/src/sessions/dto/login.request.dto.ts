import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** Not validated as an e-mail: a malformed one simply fails like a wrong password. */
export class LoginRequestDto {
  @ApiProperty({ description: 'The account\'s e-mail address (compared trimmed and lower-cased).', maxLength: 254, example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  readonly email!: string;

  @ApiProperty({ maxLength: 1024, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(1024)
  readonly password!: string;
}
