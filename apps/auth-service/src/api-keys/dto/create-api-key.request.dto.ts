import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length } from 'class-validator';

export class CreateApiKeyRequestDto {
  @IsString()
  @Length(1, 100)
  readonly name!: string;

  /** ISO 8601; none: the key lives until revoked */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  readonly expiresAt?: Date;
}
