import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { KeysModule } from '../keys/keys.module';
import { SecurityModule } from '../security/security.module';
import { AccountCredentials } from './account-credentials';
import { DeviceCookies } from './device-cookies';
import { LoginAttempts } from './login-attempts';
import { SessionRepository } from './session.repository';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [AccountsModule, ApiKeysModule, KeysModule, SecurityModule],
  controllers: [SessionsController],
  providers: [SessionRepository, SessionsService, AccountCredentials, DeviceCookies, LoginAttempts],
  exports: [SessionsService, AccountCredentials],
})
export class SessionsModule {}
