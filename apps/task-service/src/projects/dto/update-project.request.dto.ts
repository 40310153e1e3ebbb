import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { PROJECT_LIMITS } from '../project';
import { trim } from './create-project.request.dto';

/** PATCH /projects/:id: the fields to change (the key never changes: a 400 names it). */
export class UpdateProjectRequestDto {
  @ApiPropertyOptional({ description: 'Trimmed', minLength: 1, maxLength: PROJECT_LIMITS.nameLength, example: 'Website' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, PROJECT_LIMITS.nameLength)
  readonly name?: string;

  @ApiPropertyOptional({ description: 'Markdown; null removes it', type: String, nullable: true, maxLength: PROJECT_LIMITS.descriptionLength, example: 'The public website' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(PROJECT_LIMITS.descriptionLength)
  readonly description?: string | null;
}
