import { Controller, Get, Header } from '@nestjs/common';
import { Public, PublicKeyStore } from '@taskhub/platform-auth';

interface Jwk {
  readonly kty: string;
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: 'RS256';
  readonly n: string;
  readonly e: string;
}

/** The public keys access tokens are verified with (RFC 7517), one per `kid`, so third parties can verify them too. */
@Controller('auth/.well-known')
export class JwksController {
  constructor(private readonly keys: PublicKeyStore) {}

  @Public()
  @Get('jwks.json')
  @Header('cache-control', 'public, max-age=60')
  jwks(): { keys: Jwk[] } {
    return {
      keys: [...this.keys.all()].map(([kid, key]) => {
        const { kty, n, e } = key.export({ format: 'jwk' });
        return { kty: kty ?? 'RSA', kid, use: 'sig', alg: 'RS256', n: n ?? '', e: e ?? '' };
      }),
    };
  }
}
