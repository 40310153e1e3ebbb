import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsUUID, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

/** The kinds of notification a user can tune, and the channels each can go through. */
export const NOTIFICATION_KINDS = ['task.assigned', 'task.status_changed', 'comment.added', 'task.due_soon', 'project.member_added'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_CHANNELS = ['inApp', 'email', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** `HH:MM`, 24-hour clock */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ChannelsV1 {
  @IsBoolean()
  readonly inApp!: boolean;

  @IsBoolean()
  readonly email!: boolean;

  @IsBoolean()
  readonly webhook!: boolean;
}

export class NotificationKindsV1 {
  @ValidateNested()
  @Type(() => ChannelsV1)
  readonly 'task.assigned'!: ChannelsV1;

  @ValidateNested()
  @Type(() => ChannelsV1)
  readonly 'task.status_changed'!: ChannelsV1;

  @ValidateNested()
  @Type(() => ChannelsV1)
  readonly 'comment.added'!: ChannelsV1;

  @ValidateNested()
  @Type(() => ChannelsV1)
  readonly 'task.due_soon'!: ChannelsV1;

  @ValidateNested()
  @Type(() => ChannelsV1)
  readonly 'project.member_added'!: ChannelsV1;
}

export class DigestV1 {
  @IsBoolean()
  readonly enabled!: boolean;

  /** local hour of the user's time zone, 0-23 */
  @IsInt()
  @Min(0)
  @Max(23)
  readonly hour!: number;
}

export class QuietHoursV1 {
  @Matches(TIME_OF_DAY)
  readonly start!: string;

  @Matches(TIME_OF_DAY)
  readonly end!: string;
}

/** A user's whole notification preference set, so consumers keep a local copy without calling back. */
export class UserPreferencesUpdatedV1 {
  @IsUUID()
  readonly userId!: string;

  /** increases with every change: a consumer ignores an event older than the copy it holds */
  @IsInt()
  @Min(1)
  readonly version!: number;

  @ValidateNested()
  @Type(() => NotificationKindsV1)
  readonly kinds!: NotificationKindsV1;

  @ValidateNested()
  @Type(() => DigestV1)
  readonly digest!: DigestV1;

  /** in the user's time zone (the profile's); null when off */
  @ValidateIf((_, value) => value !== null)
  @ValidateNested()
  @Type(() => QuietHoursV1)
  readonly quietHours!: QuietHoursV1 | null;
}

export const USER_PREFERENCES_UPDATED_V1 = defineEvent({
  type: 'user.preferences.updated',
  version: 1,
  data: UserPreferencesUpdatedV1,
  description: 'A user changed their notification preferences; it carries the whole set.',
  consumers: ['notification'],
});
