import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { DataExportResponseDto } from './dto/data-export.response.dto';
import { DataExportExpiredException, DataExportNotFoundException, DataExportNotReadyException, DataExportRunningException } from './data-exports.errors';
import { DataExportsService } from './data-exports.service';

const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const BAD_UUID = { status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' };

@ApiTags('users')
@Controller('users/me/export')
export class DataExportsController {
  constructor(private readonly exports: DataExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Export all your personal data from every service as one zip (docs/personal-data.md); one export at a time' })
  @ApiAcceptedResponse({ type: DataExportResponseDto, description: 'Running: follow GET /api/v1/users/me/export/{id}' })
  @ApiErrorResponses(new DataExportRunningException(EXAMPLE_ID))
  request(@CurrentUser() user: AuthenticatedUser): Promise<DataExportResponseDto> {
    return this.exports.request(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Your export: each part pending or received, and a download link once complete (404 to anyone else)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The export id' })
  @ApiOkResponse({ type: DataExportResponseDto })
  @ApiErrorResponses(BAD_UUID, new DataExportNotFoundException(EXAMPLE_ID))
  status(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<DataExportResponseDto> {
    return this.exports.status(user, id);
  }

  @Get(':id/archive')
  @ApiOperation({ summary: 'The zip of your complete export, until it expires (24 hours after completion)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The export id' })
  @ApiOkResponse({
    description: 'A zip: manifest.json and one JSON file per section (docs/personal-data.md)',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrorResponses(BAD_UUID, new DataExportNotFoundException(EXAMPLE_ID), new DataExportNotReadyException(EXAMPLE_ID), new DataExportExpiredException(EXAMPLE_ID))
  async archive(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    const file = await this.exports.archive(user, id);
    return new StreamableFile(file.bytes, { type: 'application/zip', disposition: `attachment; filename="${file.filename}"`, length: file.bytes.length });
  }
}
