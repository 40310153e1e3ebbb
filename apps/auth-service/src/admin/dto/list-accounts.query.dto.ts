import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListAccountsQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; none: the first page.', maxLength: 200, example: 'MDE5M2YyYTQtNWI2Yy03ZDhlLTlmMDEtMjM0NTY3ODlhYmNk' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  readonly cursor?: string;

  @ApiPropertyOptional({ description: 'Accounts per page.', type: 'integer', minimum: 1, maximum: 100, default: 50, example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  readonly limit?: number;
}
