import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '@taskhub/platform-auth';
import { ErrorCodes } from '@taskhub/platform-errors';
import { ApiErrorResponses, InvalidCursorException, type Page } from '@taskhub/platform-http';
import { type AdminDeletionView, DeletionsService } from './deletions.service';
import { DeletionNotFoundException, DeletionNotRunningException } from './deletions.errors';
import { AdminDeletionResponseDto, DeletionPageResponseDto, ListDeletionsQueryDto } from './dto/deletion.response.dto';

const EXAMPLE_ID = '5b0c3f0e-8a5e-4c61-9a3e-0f3f3c1f9d2a';
const BAD_UUID = { status: 400, code: ErrorCodes.BAD_REQUEST, message: 'Validation failed (uuid is expected)' };

@ApiTags('admin')
@Controller('auth/admin/deletions')
@Roles('admin')
export class AdminDeletionsController {
  constructor(private readonly deletions: DeletionsService) {}

  @Get()
  @ApiOperation({ summary: 'List account deletions, newest first (admin)', description: 'Completed ones are kept 30 days (AUTH_DELETION_RETENTION_DAYS), ids only.' })
  @ApiOkResponse({ type: DeletionPageResponseDto })
  @ApiErrorResponses(400, new InvalidCursorException('other_query'))
  list(@Query() query: ListDeletionsQueryDto): Promise<Page<AdminDeletionView>> {
    return this.deletions.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account deletion (admin)' })
  @ApiParam({ name: 'id', description: 'The deletion id.', format: 'uuid' })
  @ApiOkResponse({ type: AdminDeletionResponseDto })
  @ApiErrorResponses(BAD_UUID, new DeletionNotFoundException(EXAMPLE_ID))
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<AdminDeletionView> {
    return this.deletions.adminView(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resume a stuck account deletion (admin)',
    description: 'Asks again for the steps not done (their services apply each deletion once, so a step already done changes nothing). Also `npm run auth-admin -- deletion resume <id>`.',
  })
  @ApiParam({ name: 'id', description: 'The deletion id.', format: 'uuid' })
  @ApiOkResponse({ type: AdminDeletionResponseDto, description: 'The deletion, with the steps asked again.' })
  @ApiErrorResponses(BAD_UUID, new DeletionNotFoundException(EXAMPLE_ID), new DeletionNotRunningException(EXAMPLE_ID))
  resume(@Param('id', new ParseUUIDPipe()) id: string): Promise<AdminDeletionView> {
    return this.deletions.resume(id);
  }
}
