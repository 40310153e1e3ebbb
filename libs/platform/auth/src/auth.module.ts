import path from 'node:path';
import { type DynamicModule, Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { AccessTokenGuard } from './access-token.guard';
import { AccessTokenStrategy, CLOCK_TOLERANCE_SECONDS } from './access-token.strategy';
import { PublicKeyStore } from './public-key-store';
import { RequestAdmission } from './request-admission';
import { RolesGuard } from './roles.guard';
import { SessionRevocations } from './session-revocations';
import { UserRateLimiter } from './user-rate-limiter';
import { VerifiedTokens } from './verified-tokens';

class PublicKeyStoreLifecycle implements OnApplicationShutdown {
  constructor(private readonly store: PublicKeyStore) {}

  onApplicationShutdown(): void {
    this.store.close();
  }
}

/**
 * The one way a TaskHub service authenticates a request: access tokens verified with the public keys of
 * JWT_PUBLIC_KEYS_DIR (AccessTokenStrategy), a global guard on every route that is not `@Public()`,
 * `@Roles(...)`, the per-user rate limit and the shared session revocations. Imported by PlatformModule; needs the
 * Redis clients (RedisModule) and BaseServiceConfig globally.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        {
          provide: PublicKeyStore,
          inject: [BaseServiceConfig],
          useFactory: (config: BaseServiceConfig): PublicKeyStore => {
            const store = new PublicKeyStore(path.resolve(config.jwtPublicKeysDir));
            store.start();
            return store;
          },
        },
        { provide: PublicKeyStoreLifecycle, inject: [PublicKeyStore], useFactory: (s: PublicKeyStore) => new PublicKeyStoreLifecycle(s) },
        SessionRevocations,
        UserRateLimiter,
        RequestAdmission,
        { provide: VerifiedTokens, useFactory: () => new VerifiedTokens(CLOCK_TOLERANCE_SECONDS) },
        AccessTokenStrategy,
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [PublicKeyStore, SessionRevocations],
    };
  }
}
