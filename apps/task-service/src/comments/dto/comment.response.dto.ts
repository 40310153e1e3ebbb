import { ApiProperty } from '@nestjs/swagger';
import { type CommentView } from '../comment';

export class CommentResponseDto implements CommentView {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly taskId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly authorId!: string;

  @ApiProperty({ type: String, nullable: true, description: "The author's display name now", example: 'Bea Braun' })
  readonly authorName!: string | null;

  @ApiProperty({ example: 'Ready for review, @[Ada Lovelace](0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e)' })
  readonly body!: string;

  @ApiProperty({ type: [String], description: 'The members it mentions', example: ['0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e'] })
  readonly mentions!: string[];

  @ApiProperty({ description: 'Its version: the ETag, and what If-Match names', example: 1 })
  readonly version!: number;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}

export class CommentPageResponseDto {
  @ApiProperty({ type: [CommentResponseDto] })
  readonly items!: CommentResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  readonly nextCursor!: string | null;
}
