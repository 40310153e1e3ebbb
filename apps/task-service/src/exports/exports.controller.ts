import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, Idempotent } from '@taskhub/platform-http';
import { BAD_UUID, PROJECT_NOT_FOUND } from '../tasks/task-examples';
import { CreateExportRequestDto } from './create-export.request.dto';
import { ExportQueuedResponseDto, ExportResponseDto } from './export.response.dto';
import { ExportsService } from './exports.service';
import { ExportExpiredException, ExportNotFoundException, ExportNotReadyException } from './exports.errors';

const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const EXPORT_NOT_FOUND = new ExportNotFoundException(EXAMPLE_ID);

interface ReplyLike {
  header(name: string, value: string): ReplyLike;
}

@ApiTags('exports')
@Controller('projects/:id/exports')
export class ProjectExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({ summary: 'Export the tasks of a project you are a member of, as CSV or JSON, in the background: follow Location for its progress' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiAcceptedResponse({ type: ExportQueuedResponseDto, description: 'Queued; Location: /api/v1/exports/{exportId}' })
  @ApiErrorResponses(BAD_UUID, 400, PROJECT_NOT_FOUND)
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) projectId: string,
    @Body() body: CreateExportRequestDto,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<ExportQueuedResponseDto> {
    const queued = await this.exports.request(user, projectId, body);
    reply.header('location', `/api/v1/exports/${queued.id}`);
    return queued;
  }
}

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'An export you requested: its status and progress (404 to anyone else)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The export id' })
  @ApiOkResponse({ type: ExportResponseDto })
  @ApiErrorResponses(BAD_UUID, EXPORT_NOT_FOUND)
  status(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ExportResponseDto> {
    return this.exports.status(user, id);
  }

  @Get(':id/download')
  @ApiOperation({ summary: 'The file of an export you requested, once ready, until it expires (24 hours)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The export id' })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({ description: 'The file (CSV with a header line, or a JSON array of tasks)', schema: { type: 'string', format: 'binary' } })
  @ApiErrorResponses(BAD_UUID, EXPORT_NOT_FOUND, new ExportNotReadyException(EXAMPLE_ID, 'running'), new ExportExpiredException(EXAMPLE_ID))
  async download(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    const file = await this.exports.download(user, id);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: `attachment; filename="${file.filename}"`, length: file.length });
  }
}
