import path from 'node:path';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { PublicKeyStore } from '@taskhub/platform-auth';
import { AuthServiceConfig } from '../config/auth.config';
import { AccessTokenSigner } from './access-token-signer';
import { JwksController } from './jwks.controller';
import { SigningKeys } from './signing-keys';

class SigningKeysLifecycle implements OnApplicationShutdown {
  constructor(private readonly keys: SigningKeys) {}

  onApplicationShutdown(): void {
    this.keys.close();
  }
}

/** Signing keys, access-token signing and the JWKS. */
@Module({
  controllers: [JwksController],
  providers: [
    {
      provide: SigningKeys,
      inject: [AuthServiceConfig, PublicKeyStore],
      useFactory: (config: AuthServiceConfig, publicKeys: PublicKeyStore): SigningKeys => {
        if (config.generateSigningKey && config.nodeEnv === 'production') {
          throw new Error('AUTH_GENERATE_SIGNING_KEY=true is for development: in production the signing keys come from a secret');
        }
        const keys = new SigningKeys({ dir: path.resolve(config.signingKeysDir), publicKeys, generateIfMissing: config.generateSigningKey });
        keys.start();
        return keys;
      },
    },
    { provide: SigningKeysLifecycle, inject: [SigningKeys], useFactory: (k: SigningKeys) => new SigningKeysLifecycle(k) },
    AccessTokenSigner,
  ],
  exports: [AccessTokenSigner],
})
export class KeysModule {}
