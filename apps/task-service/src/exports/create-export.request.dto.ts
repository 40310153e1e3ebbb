import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXPORT_FORMATS, type ExportFormat } from '@taskhub/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { ExportFiltersDto } from './export-filters.dto';

/** POST /projects/:id/exports */
export class CreateExportRequestDto {
  @ApiProperty({ enum: EXPORT_FORMATS, example: 'csv' })
  @IsIn(EXPORT_FORMATS)
  readonly format!: ExportFormat;

  @ApiPropertyOptional({ type: ExportFiltersDto, description: 'Which tasks: the task list’s parameter names; none: every task of the project that is not deleted' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExportFiltersDto)
  readonly filters?: ExportFiltersDto;
}
