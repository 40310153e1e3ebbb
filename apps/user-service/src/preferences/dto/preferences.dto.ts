import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TIME_OF_DAY } from '@taskhub/contracts';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';

export class ChannelsDto {
  @ApiProperty({ description: 'In the app (inbox and live stream)', example: true })
  @IsBoolean()
  readonly inApp!: boolean;

  @ApiProperty({ example: true })
  @IsBoolean()
  readonly email!: boolean;

  @ApiProperty({ description: "To the user's webhooks", example: false })
  @IsBoolean()
  readonly webhook!: boolean;
}

/** One entry per notification kind; an unknown kind or channel answers 400. */
export class KindsDto {
  @ApiPropertyOptional({ type: ChannelsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelsDto)
  readonly 'task.assigned'?: ChannelsDto;

  @ApiPropertyOptional({ type: ChannelsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelsDto)
  readonly 'task.status_changed'?: ChannelsDto;

  @ApiPropertyOptional({ type: ChannelsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelsDto)
  readonly 'comment.added'?: ChannelsDto;

  @ApiPropertyOptional({ type: ChannelsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelsDto)
  readonly 'task.due_soon'?: ChannelsDto;

  @ApiPropertyOptional({ type: ChannelsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelsDto)
  readonly 'project.member_added'?: ChannelsDto;
}

export class DigestDto {
  @ApiProperty({ description: 'One daily e-mail of what was held back', example: true })
  @IsBoolean()
  readonly enabled!: boolean;

  @ApiProperty({ description: "Hour of the day it is sent, in the user's time zone", minimum: 0, maximum: 23, example: 8 })
  @IsInt()
  @Min(0)
  @Max(23)
  readonly hour!: number;
}

export class QuietHoursDto {
  @ApiProperty({ description: "HH:MM, the user's time zone", example: '22:00' })
  @Matches(TIME_OF_DAY, { message: '$property must be a time HH:MM (24-hour clock)' })
  readonly start!: string;

  @ApiProperty({ description: 'HH:MM; may be before start (quiet hours across midnight)', example: '07:00' })
  @Matches(TIME_OF_DAY, { message: '$property must be a time HH:MM (24-hour clock)' })
  readonly end!: string;
}

/** GET and PUT /users/me/preferences: one shape both ways (in a PUT, a kind left out takes its default). */
export class PreferencesDto {
  @ApiProperty({ type: KindsDto, description: 'Channels on, per kind of notification' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => KindsDto)
  readonly kinds!: KindsDto;

  @ApiProperty({ type: DigestDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DigestDto)
  readonly digest!: DigestDto;

  @ApiProperty({ type: QuietHoursDto, nullable: true, description: 'E-mail is held during these hours; null when off' })
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  readonly quietHours!: QuietHoursDto | null;
}
