import { IsString, MaxLength } from 'class-validator';

export class ExchangeApiKeyRequestDto {
  @IsString()
  @MaxLength(256)
  readonly apiKey!: string;
}
