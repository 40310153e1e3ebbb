import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshRequestDto {
  @ApiProperty({ description: 'The refresh token of the last pair: spent by this call.', maxLength: 256, example: 'rt_WDrSzwS1t9KreO26jAnSDVxx6CwwRCJXoLsUkNOLRB4' })
  @IsString()
  @MaxLength(256)
  readonly refreshToken!: string;
}
