import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, ETagFromVersion, IfMatchVersion, Idempotent, type Page, PageQueryDto } from '@taskhub/platform-http';
import { type CommentView } from './comment';
import { CommentNotFoundException, NotAuthorException } from './comments.errors';
import { CommentsService } from './comments.service';
import { CommentBodyRequestDto } from './dto/comment-body.request.dto';
import { CommentPageResponseDto, CommentResponseDto } from './dto/comment.response.dto';

const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';

@ApiTags('comments')
@ApiParam({ name: 'id', format: 'uuid', description: 'The task id' })
@Idempotent()
@Controller('tasks/:id/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @ApiOperation({ summary: "A task's comments, oldest first" })
  @ApiOkResponse({ type: CommentPageResponseDto })
  @ApiErrorResponses(400, 404)
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) taskId: string, @Query() query: PageQueryDto): Promise<Page<CommentView>> {
    return this.comments.list(taskId, user.id, query);
  }

  @Post()
  @HttpCode(201)
  @ETagFromVersion()
  @ApiOperation({ summary: 'Comment on a task (editors and owners); mentions must name members' })
  @ApiCreatedResponse({ type: CommentResponseDto })
  @ApiErrorResponses(400, 403, 404, 409)
  add(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) taskId: string, @Body() body: CommentBodyRequestDto): Promise<CommentView> {
    return this.comments.add(taskId, user.id, body.body);
  }

  @Get(':commentId')
  @ETagFromVersion()
  @ApiOperation({ summary: 'One comment, with its ETag' })
  @ApiParam({ name: 'commentId', format: 'uuid' })
  @ApiOkResponse({ type: CommentResponseDto })
  @ApiErrorResponses(400, new CommentNotFoundException(EXAMPLE_ID))
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) taskId: string,
    @Param('commentId', new ParseUUIDPipe()) commentId: string,
  ): Promise<CommentView> {
    return this.comments.get(taskId, commentId, user.id);
  }

  @Patch(':commentId')
  @ETagFromVersion()
  @ApiOperation({ summary: 'Edit your comment (If-Match: its ETag)' })
  @ApiParam({ name: 'commentId', format: 'uuid' })
  @ApiOkResponse({ type: CommentResponseDto })
  @ApiErrorResponses(400, new NotAuthorException(), new CommentNotFoundException(EXAMPLE_ID), 409)
  edit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) taskId: string,
    @Param('commentId', new ParseUUIDPipe()) commentId: string,
    @IfMatchVersion() expectedVersion: number,
    @Body() body: CommentBodyRequestDto,
  ): Promise<CommentView> {
    return this.comments.edit(taskId, commentId, user.id, body.body, expectedVersion);
  }

  @Delete(':commentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete your comment (If-Match: its ETag)' })
  @ApiParam({ name: 'commentId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, new NotAuthorException(), new CommentNotFoundException(EXAMPLE_ID), 409)
  delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) taskId: string,
    @Param('commentId', new ParseUUIDPipe()) commentId: string,
    @IfMatchVersion() expectedVersion: number,
  ): Promise<void> {
    return this.comments.delete(taskId, commentId, user.id, expectedVersion);
  }
}
