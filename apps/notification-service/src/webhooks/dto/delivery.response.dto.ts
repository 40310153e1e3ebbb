import { ApiProperty } from '@nestjs/swagger';

export class DeliveryResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The delivery id, sent as TaskHub-Delivery on every attempt' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly webhookId!: string;

  @ApiProperty({ format: 'uuid', description: 'The event it delivers (one delivery per event and webhook)' })
  readonly eventId!: string;

  @ApiProperty({ example: 'task.assigned' })
  readonly eventType!: string;

  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] })
  readonly status!: string;

  @ApiProperty({ description: 'Attempts made so far', example: 1 })
  readonly attempts!: number;

  @ApiProperty({ type: Number, nullable: true, description: "The last attempt's HTTP status (null: no response)", example: 200 })
  readonly responseCode!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: "The last attempt's duration in milliseconds" })
  readonly durationMs!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP 500: 16 attempts made' })
  readonly lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a pending delivery is attempted next' })
  readonly nextAttemptAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly lastAttemptAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ description: 'The JSON request body exactly as signed and sent' })
  readonly requestBody!: string;
}

export class DeliveryPageResponseDto {
  @ApiProperty({ type: [DeliveryResponseDto], description: 'Newest first' })
  readonly items!: DeliveryResponseDto[];

  @ApiProperty({ type: String, nullable: true })
  readonly nextCursor!: string | null;
}
