import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';

export class EmailChangeRequestDto {
  @ApiProperty({ description: 'Trimmed and stored lower-cased; it gets the confirmation link.', format: 'email', maxLength: 254, example: 'ada@new.example.com' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail()
  @MaxLength(254)
  readonly newEmail!: string;

  @ApiProperty({ description: 'The current password, checked like a login (and counted against the same per-account limit).', maxLength: 1024, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(1024)
  readonly password!: string;
}
