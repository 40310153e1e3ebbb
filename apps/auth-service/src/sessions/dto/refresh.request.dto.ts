import { IsString, MaxLength } from 'class-validator';

export class RefreshRequestDto {
  @IsString()
  @MaxLength(256)
  readonly refreshToken!: string;
}
