import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, Public } from '@taskhub/platform-auth';
import { ClientIp } from '../security/client-ip.decorator';
import { type ApiKeyView, ApiKeysService } from './api-keys.service';
import { CreateApiKeyRequestDto } from './dto/create-api-key.request.dto';
import { ExchangeApiKeyRequestDto } from './dto/exchange-api-key.request.dto';

@Controller('auth')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** The key is in this answer only: it is stored as a hash. */
  @Post('api-keys')
  @HttpCode(201)
  @Header('cache-control', 'no-store')
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateApiKeyRequestDto): Promise<ApiKeyView & { key: string }> {
    return this.apiKeys.create(user, body.name, body.expiresAt);
  }

  @Get('api-keys')
  list(@CurrentUser() user: AuthenticatedUser): Promise<{ items: ApiKeyView[]; nextCursor: null }> {
    return this.apiKeys.list(user);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  revoke(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.apiKeys.revoke(user, id);
  }

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  exchange(@Body() body: ExchangeApiKeyRequestDto, @ClientIp() ip: string): ReturnType<ApiKeysService['exchange']> {
    return this.apiKeys.exchange(body.apiKey, ip);
  }
}
