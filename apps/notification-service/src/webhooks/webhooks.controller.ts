import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, EmailNotVerifiedException } from '@taskhub/platform-auth';
import { ApiErrorResponses, InvalidCursorException, type Page, PageQueryDto } from '@taskhub/platform-http';
import { CreateWebhookRequestDto } from './dto/create-webhook.request.dto';
import { WebhookPageResponseDto, WebhookResponseDto, WebhookWithSecretResponseDto } from './dto/webhook.response.dto';
import { type Webhook, type WebhookWithSecret } from './webhook';
import {
  NotProjectOwnerException,
  WebhookAddressForbiddenException,
  WebhookHostUnresolvableException,
  WebhookLimitException,
  WebhookNotFoundException,
  WebhookUrlInvalidException,
} from './webhooks.errors';
import { WebhooksService } from './webhooks.service';

export const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
export const BAD_ID = { status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' };
export const WEBHOOK_ID = { name: 'id', format: 'uuid', description: 'The webhook id' };

/** Not `@Idempotent()`: creation and rotation answer a signing secret, which must not sit in Redis for a day as a stored response. */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Create a webhook: the caller's, or a project's (its owners only). The signing secret is in this answer only." })
  @ApiCreatedResponse({ type: WebhookWithSecretResponseDto })
  @ApiErrorResponses(
    400,
    new WebhookUrlInvalidException('the scheme must be https'),
    new NotProjectOwnerException(EXAMPLE_ID),
    new EmailNotVerifiedException('creating a webhook'),
    new WebhookLimitException(),
    new WebhookAddressForbiddenException('internal.example.com', '10.0.0.1', 'private'),
    new WebhookHostUnresolvableException('nowhere.example.com'),
  )
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateWebhookRequestDto): Promise<WebhookWithSecret> {
    return this.webhooks.create(user, body);
  }

  @Get()
  @ApiOperation({ summary: "The caller's webhooks, oldest first (a cursor page)" })
  @ApiOkResponse({ type: WebhookPageResponseDto })
  @ApiErrorResponses(400, new InvalidCursorException('other_query'))
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQueryDto): Promise<Page<Webhook>> {
    return this.webhooks.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of the caller\'s webhooks (never its secret)' })
  @ApiParam(WEBHOOK_ID)
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiErrorResponses(BAD_ID, new WebhookNotFoundException(EXAMPLE_ID))
  read(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<Webhook> {
    return this.webhooks.read(user, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook with its delivery log; its pending deliveries are not sent' })
  @ApiParam(WEBHOOK_ID)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrorResponses(BAD_ID, new WebhookNotFoundException(EXAMPLE_ID))
  delete(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.webhooks.delete(user, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new signing secret, in this answer only; the old one keeps signing beside it for the grace period (24 h by default)' })
  @ApiParam(WEBHOOK_ID)
  @ApiOkResponse({ type: WebhookWithSecretResponseDto })
  @ApiErrorResponses(BAD_ID, new WebhookNotFoundException(EXAMPLE_ID))
  rotateSecret(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookWithSecret> {
    return this.webhooks.rotateSecret(user, id);
  }
}
