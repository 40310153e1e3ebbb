import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { LABEL_COLOR, LABEL_LIMITS } from '../label';

export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
export const COLOR_MESSAGE = '$property must be a colour written #rrggbb (e.g. #1f6feb)';

/** POST /projects/:id/labels. */
export class CreateLabelRequestDto {
  @ApiProperty({ description: 'Trimmed; unique in the project, ignoring case', minLength: 1, maxLength: LABEL_LIMITS.nameLength, example: 'bug' })
  @Transform(trim)
  @IsString()
  @Length(1, LABEL_LIMITS.nameLength)
  readonly name!: string;

  @ApiProperty({ description: '#rrggbb, stored in lower case', pattern: LABEL_COLOR.source, example: '#d73a4a' })
  @IsString()
  @Matches(LABEL_COLOR, { message: COLOR_MESSAGE })
  readonly color!: string;
}
