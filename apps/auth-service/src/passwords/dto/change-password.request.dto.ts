import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { NEW_PASSWORD_API_PROPERTY } from '../password-policy';

export class ChangePasswordRequestDto {
  @ApiProperty({ description: 'Checked like a login (and counted against the same per-account limit).', maxLength: 1024, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(1024)
  readonly currentPassword!: string;

  @ApiProperty(NEW_PASSWORD_API_PROPERTY)
  @IsString()
  @MaxLength(1024)
  readonly newPassword!: string;
}
