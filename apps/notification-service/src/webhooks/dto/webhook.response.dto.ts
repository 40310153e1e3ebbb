import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type NotificationKind } from '@taskhub/contracts';

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid', example: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly ownerId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The project of a project's webhook; null for a user's" })
  readonly projectId!: string | null;

  @ApiProperty({ example: 'https://hooks.example.com/taskhub' })
  readonly url!: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true })
  readonly events!: NotificationKind[];

  @ApiProperty({ enum: ['active', 'disabled'], description: 'disabled after repeated failed deliveries; a successful redelivery enables it again' })
  readonly status!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Until then the secret replaced by the last rotation still signs (a second v1 signature)' })
  readonly previousSecretExpiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly disabledAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;
}

export class WebhookWithSecretResponseDto extends WebhookResponseDto {
  @ApiProperty({ description: 'The signing secret (HMAC-SHA256 key), shown only in this answer: store it now', example: 'whsec_3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })
  readonly secret!: string;
}

export class WebhookPageResponseDto {
  @ApiProperty({ type: [WebhookResponseDto], description: "The caller's webhooks, oldest first" })
  readonly items!: WebhookResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'The next page (pass as cursor); null on the last page' })
  readonly nextCursor!: string | null;
}
