import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, EmailNotVerifiedException, LoginSessionOnly, Public } from '@taskhub/platform-auth';
import { DomainException, ErrorCodes, RateLimitedException } from '@taskhub/platform-errors';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { AuthServiceErrors } from '../auth.errors';
import { TOO_MANY_ATTEMPTS } from '../security/attempt-limiter';
import { ClientIp } from '../security/client-ip.decorator';
import { type ApiKeyView, ApiKeysService } from './api-keys.service';
import { AccessTokenResponseDto } from './dto/access-token.response.dto';
import { ApiKeyListResponseDto, CreatedApiKeyResponseDto } from './dto/api-key.response.dto';
import { CreateApiKeyRequestDto } from './dto/create-api-key.request.dto';
import { ExchangeApiKeyRequestDto } from './dto/exchange-api-key.request.dto';

/** The answer to a token exchanged for an API key on the routes that manage keys. */
const KEYS_NEED_A_LOGIN_SESSION = "API keys are managed with a login session's token, not with a token exchanged for an API key";

@ApiTags('api-keys')
@Controller('auth')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** The key is in this answer only: it is stored as a hash. */
  @Post('api-keys')
  @LoginSessionOnly(KEYS_NEED_A_LOGIN_SESSION)
  @HttpCode(201)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'The key is in this answer only: it is stored as a hash. Its tokens carry its scopes and never the admin role; it expires. ' +
      'Keys are managed with a login session\'s token only. Every key of the account is revoked on logout-all, a password change ' +
      'or reset, a role change and when the account is disabled.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto, description: 'The key, shown this once (`Cache-Control: no-store`).' })
  @ApiErrorResponses(400, new EmailNotVerifiedException('creating an API key'))
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateApiKeyRequestDto): Promise<ApiKeyView & { key: string }> {
    return this.apiKeys.create(user, body);
  }

  @Get('api-keys')
  @LoginSessionOnly(KEYS_NEED_A_LOGIN_SESSION)
  @ApiOperation({ summary: "The caller's API keys", description: 'Without the keys themselves.' })
  @ApiOkResponse({ type: ApiKeyListResponseDto })
  list(@CurrentUser() user: AuthenticatedUser): Promise<{ items: ApiKeyView[]; nextCursor: null }> {
    return this.apiKeys.list(user);
  }

  @Delete('api-keys/:id')
  @LoginSessionOnly(KEYS_NEED_A_LOGIN_SESSION)
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'New exchanges stop and the access tokens it gave end at once.' })
  @ApiParam({ name: 'id', description: 'The key id.', format: 'uuid' })
  @ApiNoContentResponse({ description: 'The key is revoked.' })
  @ApiErrorResponses(
    { status: 400, code: ErrorCodes.BAD_REQUEST, message: 'Validation failed (uuid is expected)' },
    new DomainException(AuthServiceErrors.API_KEY_NOT_FOUND, 'API key 0193f2a4-6c7d-7e8f-9a01-23456789abcd not found', 404),
  )
  revoke(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.apiKeys.revoke(user, id);
  }

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Exchange an API key for an access token',
    description: "A short-lived access token with the key's scopes and no refresh token: exchange again when it expires. Records the key's last use (to the minute).",
  })
  @ApiOkResponse({ type: AccessTokenResponseDto, description: 'An access token for the key (`Cache-Control: no-store`).' })
  @ApiErrorResponses(
    400,
    new DomainException(AuthServiceErrors.API_KEY_INVALID, 'the API key is invalid, expired or revoked', 401),
    new RateLimitedException('too many token exchanges from this address, retry later', 60, TOO_MANY_ATTEMPTS),
  )
  exchange(@Body() body: ExchangeApiKeyRequestDto, @ClientIp() ip: string): ReturnType<ApiKeysService['exchange']> {
    return this.apiKeys.exchange(body.apiKey, ip);
  }
}
