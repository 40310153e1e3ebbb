import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type NotificationKind } from '@taskhub/contracts';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { WEBHOOK_LIMITS } from '../webhook';

/** POST /webhooks. */
export class CreateWebhookRequestDto {
  @ApiProperty({
    description: 'Absolute https URL (http only in development and tests); its host must resolve to public addresses only (no loopback, private, link-local, multicast or metadata address)',
    maxLength: WEBHOOK_LIMITS.urlLength,
    example: 'https://hooks.example.com/taskhub',
  })
  @IsString()
  @MaxLength(WEBHOOK_LIMITS.urlLength)
  readonly url!: string;

  @ApiProperty({ description: 'The notification kinds to deliver', enum: NOTIFICATION_KINDS, isArray: true, example: ['task.assigned', 'comment.added'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS, { each: true })
  readonly events!: NotificationKind[];

  @ApiPropertyOptional({ description: "A project's webhook (only its owners create one): every event of the listed kinds in the project. Without it, the caller's own notifications.", format: 'uuid' })
  @IsOptional()
  @IsUUID()
  readonly projectId?: string;
}
