import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Length, MaxLength, ValidateIf } from 'class-validator';
import { IsBcp47Locale, IsIanaTimeZone } from './profile-validators';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** PATCH /users/me: the fields to change; any other field (id, email, roles, ...) answers 400. */
export class UpdateProfileRequestDto {
  @ApiPropertyOptional({ description: 'Shown to other users; trimmed', minLength: 1, maxLength: 100, example: 'Ada Lovelace' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  readonly displayName?: string;

  @ApiPropertyOptional({
    description: 'An https URL of a picture (the server never fetches it); null removes it',
    type: String,
    nullable: true,
    maxLength: 2048,
    example: 'https://images.example.com/ada.png',
  })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true }, { message: '$property must be an https URL' })
  readonly avatarUrl?: string | null;

  @ApiPropertyOptional({ description: 'IANA time zone name', example: 'Europe/London' })
  @IsOptional()
  @IsIanaTimeZone()
  readonly timezone?: string;

  @ApiPropertyOptional({ description: 'BCP 47 language tag', example: 'en-GB' })
  @IsOptional()
  @IsBcp47Locale()
  readonly locale?: string;
}
