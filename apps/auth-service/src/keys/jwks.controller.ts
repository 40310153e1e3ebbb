import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, PublicKeyStore } from '@taskhub/platform-auth';
import { JwksResponseDto } from './dto/jwks.response.dto';

/** The public keys access tokens are verified with (RFC 7517), one per `kid`, so third parties can verify them too. */
@ApiTags('keys')
@Controller('auth/.well-known')
export class JwksController {
  constructor(private readonly keys: PublicKeyStore) {}

  @Public()
  @Get('jwks.json')
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({ summary: 'The public keys that verify access tokens (JWKS)', description: 'One per `kid`, so third parties can verify tokens too.' })
  @ApiOkResponse({ type: JwksResponseDto, description: 'The key set (`Cache-Control: public, max-age=60`).' })
  jwks(): JwksResponseDto {
    return {
      keys: [...this.keys.all()].map(([kid, key]) => {
        const { kty, n, e } = key.export({ format: 'jwk' });
        return { kty: kty ?? 'RSA', kid, use: 'sig', alg: 'RS256', n: n ?? '', e: e ?? '' };
      }),
    };
  }
}
