import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@taskhub/platform-http';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** GET /notifications: a page, newest first, optionally only the unread ones. */
export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the unread notifications', type: Boolean, example: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  readonly unread?: boolean;
}
