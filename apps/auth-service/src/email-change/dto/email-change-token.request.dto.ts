import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class EmailChangeTokenRequestDto {
  @ApiProperty({ description: 'The single-use token of the confirmation (or cancel) link.', maxLength: 256, example: 'ect_74_5Kdp246Ela-nSbaRhuoOgCmJb5ZwRXmazyv98px4' })
  @IsString()
  @MaxLength(256)
  readonly token!: string;
}
