import { IsString, MaxLength } from 'class-validator';

export class ResetPasswordRequestDto {
  @IsString()
  @MaxLength(256)
  readonly token!: string;

  @IsString()
  @MaxLength(1024)
  readonly newPassword!: string;
}
