import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length } from 'class-validator';

export class CreateApiKeyRequestDto {
  @ApiProperty({ description: 'What the key is for, to recognise it in the list.', minLength: 1, maxLength: 100, example: 'ci-deploy' })
  @IsString()
  @Length(1, 100)
  readonly name!: string;

  /** ISO 8601; none: the key lives until revoked */
  @ApiPropertyOptional({ description: 'ISO 8601, in the future; without it the key lives until revoked.', type: 'string', format: 'date-time', example: '2026-12-31T00:00:00.000Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  readonly expiresAt?: Date;
}
