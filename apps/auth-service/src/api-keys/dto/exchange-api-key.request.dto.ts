import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ExchangeApiKeyRequestDto {
  @ApiProperty({ description: 'The key POST /auth/api-keys answered once.', maxLength: 256, example: 'thk_AxoF33gWnIpAKLgcDXXmpVL3NmqFAly_oiEzql3u0Zo' })
  @IsString()
  @MaxLength(256)
  readonly apiKey!: string;
}
