import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { LABEL_COLOR, LABEL_LIMITS } from '../label';
import { COLOR_MESSAGE, trim } from './create-label.request.dto';

/** PATCH /projects/:id/labels/:labelId: the fields to change. */
export class UpdateLabelRequestDto {
  @ApiPropertyOptional({ description: 'Trimmed; unique in the project, ignoring case', minLength: 1, maxLength: LABEL_LIMITS.nameLength, example: 'bug' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, LABEL_LIMITS.nameLength)
  readonly name?: string;

  @ApiPropertyOptional({ description: '#rrggbb, stored in lower case', pattern: LABEL_COLOR.source, example: '#d73a4a' })
  @IsOptional()
  @IsString()
  @Matches(LABEL_COLOR, { message: COLOR_MESSAGE })
  readonly color?: string;
}
