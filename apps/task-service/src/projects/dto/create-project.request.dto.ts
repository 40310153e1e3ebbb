import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PROJECT_KEY, PROJECT_LIMITS } from '../project';

export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** POST /projects: the caller becomes its owner. */
export class CreateProjectRequestDto {
  @ApiProperty({ description: 'Trimmed', minLength: 1, maxLength: PROJECT_LIMITS.nameLength, example: 'Website' })
  @Transform(trim)
  @IsString()
  @Length(1, PROJECT_LIMITS.nameLength)
  readonly name!: string;

  @ApiProperty({
    description: 'The prefix of its task numbers (WEB-42): 2-10 upper-case letters or digits, starting with a letter; unique; never changes',
    pattern: PROJECT_KEY.source,
    example: 'WEB',
  })
  @IsString()
  @Matches(PROJECT_KEY, { message: '$property must be 2-10 upper-case letters or digits, starting with a letter (e.g. WEB)' })
  readonly key!: string;

  @ApiPropertyOptional({ description: 'Markdown', type: String, nullable: true, maxLength: PROJECT_LIMITS.descriptionLength, example: 'The public website' })
  @IsOptional()
  @IsString()
  @MaxLength(PROJECT_LIMITS.descriptionLength)
  readonly description?: string | null;
}
