import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, Idempotent, InvalidCursorException, type Page, PageQueryDto } from '@taskhub/platform-http';
import { DeliveryPageResponseDto, DeliveryResponseDto } from '../dto/delivery.response.dto';
import { type Delivery } from '../webhook';
import { BAD_ID, EXAMPLE_ID, WEBHOOK_ID } from '../webhooks.controller';
import { DeliveryNotFoundException, DeliveryPendingException, WebhookNotFoundException } from '../webhooks.errors';
import { DeliveriesService } from './deliveries.service';

const DELIVERY_ID = { name: 'deliveryId', format: 'uuid', description: 'The delivery id' };

@ApiTags('webhooks')
@Idempotent()
@Controller('webhooks/:id/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({ summary: "A webhook's delivery log, newest first: status, attempts, response code, duration, request body" })
  @ApiParam(WEBHOOK_ID)
  @ApiOkResponse({ type: DeliveryPageResponseDto })
  @ApiErrorResponses(BAD_ID, new InvalidCursorException('other_query'), new WebhookNotFoundException(EXAMPLE_ID))
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQueryDto): Promise<Page<Delivery>> {
    return this.deliveries.list(user, id, query);
  }

  @Post(':deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a finished delivery again now (same delivery id and body, new signature), with a fresh retry schedule; one that succeeds enables a disabled webhook again' })
  @ApiParam(WEBHOOK_ID)
  @ApiParam(DELIVERY_ID)
  @ApiOkResponse({ type: DeliveryResponseDto })
  @ApiErrorResponses(BAD_ID, new WebhookNotFoundException(EXAMPLE_ID), new DeliveryNotFoundException(EXAMPLE_ID), new DeliveryPendingException(EXAMPLE_ID))
  redeliver(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('deliveryId', new ParseUUIDPipe()) deliveryId: string,
  ): Promise<Delivery> {
    return this.deliveries.redeliver(user, id, deliveryId);
  }
}
