import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, Idempotent } from '@taskhub/platform-http';
import { ProjectArchivedException, ProjectNotFoundException, RoleTooLowException } from '../access/access.errors';
import { CreateLabelRequestDto } from './dto/create-label.request.dto';
import { LabelListResponseDto, LabelResponseDto } from './dto/label.response.dto';
import { UpdateLabelRequestDto } from './dto/update-label.request.dto';
import { type Label } from './label';
import { LabelLimitException, LabelNameTakenException, LabelNotFoundException } from './labels.errors';
import { LabelsService } from './labels.service';

const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const BAD_ID = { status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' };
const NOT_FOUND = new ProjectNotFoundException(EXAMPLE_ID);
const VIEWER = new RoleTooLowException('viewer', 'editor');
const ARCHIVED = new ProjectArchivedException(EXAMPLE_ID);
const PROJECT_ID = { name: 'id', format: 'uuid', description: 'The project id' };
const LABEL_ID = { name: 'labelId', format: 'uuid', description: 'The label id' };

@ApiTags('labels')
@Idempotent()
@Controller('projects/:id/labels')
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  @Get()
  @ApiOperation({ summary: "A project's labels, by name (any member)" })
  @ApiParam(PROJECT_ID)
  @ApiOkResponse({ type: LabelListResponseDto })
  @ApiErrorResponses(BAD_ID, NOT_FOUND)
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<{ items: Label[]; nextCursor: null }> {
    return this.labels.list(user, id);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a label (editors and owners)' })
  @ApiParam(PROJECT_ID)
  @ApiCreatedResponse({ type: LabelResponseDto })
  @ApiErrorResponses(400, BAD_ID, VIEWER, NOT_FOUND, new LabelNameTakenException('bug'), new LabelLimitException(), ARCHIVED)
  create(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateLabelRequestDto): Promise<Label> {
    return this.labels.create(user, id, body);
  }

  @Patch(':labelId')
  @ApiOperation({ summary: 'Rename or recolour a label (editors and owners)' })
  @ApiParam(PROJECT_ID)
  @ApiParam(LABEL_ID)
  @ApiOkResponse({ type: LabelResponseDto })
  @ApiErrorResponses(400, BAD_ID, VIEWER, NOT_FOUND, new LabelNotFoundException(EXAMPLE_ID), new LabelNameTakenException('bug'), ARCHIVED)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('labelId', new ParseUUIDPipe()) labelId: string,
    @Body() body: UpdateLabelRequestDto,
  ): Promise<Label> {
    return this.labels.update(user, id, labelId, body);
  }

  @Delete(':labelId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a label: it leaves every task it was on (editors and owners)' })
  @ApiParam(PROJECT_ID)
  @ApiParam(LABEL_ID)
  @ApiNoContentResponse({ description: 'The label is deleted and no task has it any more.' })
  @ApiErrorResponses(BAD_ID, VIEWER, NOT_FOUND, new LabelNotFoundException(EXAMPLE_ID), ARCHIVED)
  delete(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Param('labelId', new ParseUUIDPipe()) labelId: string): Promise<void> {
    return this.labels.delete(user, id, labelId);
  }
}
