import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { KeysModule } from '../keys/keys.module';
import { SecurityModule } from '../security/security.module';
import { SessionRepository } from './session.repository';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [AccountsModule, KeysModule, SecurityModule],
  controllers: [SessionsController],
  providers: [SessionRepository, SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
