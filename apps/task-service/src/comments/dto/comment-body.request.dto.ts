import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { MARKDOWN_MAX_BYTES, MaxUtf8Bytes } from '../../common/max-utf8-bytes.validator';

/** POST and PATCH …/comments: the Markdown body; mentions are `@[Display Name](userId)` and must name members. */
export class CommentBodyRequestDto {
  @ApiProperty({
    description: 'Markdown, at most 64 KiB; mention a member with `@[Display Name](userId)`',
    example: 'Ready for review, @[Ada Lovelace](0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e)',
    maxLength: MARKDOWN_MAX_BYTES,
  })
  @IsString()
  @MinLength(1)
  @MaxUtf8Bytes(MARKDOWN_MAX_BYTES)
  readonly body!: string;
}
