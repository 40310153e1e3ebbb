import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { NEW_PASSWORD_API_PROPERTY } from '../password-policy';

export class ResetPasswordRequestDto {
  @ApiProperty({ description: 'The single-use token of the password-reset e-mail.', maxLength: 256, example: 'prt_74_5Kdp246Ela-nSbaRhuoOgCmJb5ZwRXmazyv98px4' })
  @IsString()
  @MaxLength(256)
  readonly token!: string;

  @ApiProperty(NEW_PASSWORD_API_PROPERTY)
  @IsString()
  @MaxLength(1024)
  readonly newPassword!: string;
}
