import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class VerifyEmailRequestDto {
  @ApiProperty({ description: 'The single-use token of the verification e-mail.', maxLength: 256, example: 'evt_74_5Kdp246Ela-nSbaRhuoOgCmJb5ZwRXmazyv98px4' })
  @IsString()
  @MaxLength(256)
  readonly token!: string;
}
