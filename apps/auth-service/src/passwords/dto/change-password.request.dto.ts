import { IsString, MaxLength } from 'class-validator';

export class ChangePasswordRequestDto {
  @IsString()
  @MaxLength(1024)
  readonly currentPassword!: string;

  @IsString()
  @MaxLength(1024)
  readonly newPassword!: string;
}
