import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class DeleteAccountRequestDto {
  @ApiProperty({ description: 'The current password, checked like a login (and counted against the same per-account limit).', maxLength: 1024, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(1024)
  readonly password!: string;
}
