import { Module } from '@nestjs/common';
import { CommentRepository } from './comment.repository';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';

@Module({
  controllers: [CommentsController],
  providers: [CommentRepository, CommentsService],
})
export class CommentsModule {}
