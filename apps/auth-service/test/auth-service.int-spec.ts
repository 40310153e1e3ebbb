import { describeServiceRuntime } from '@taskhub/platform-service-testing';
import { AppModule } from '../src/app.module';
import { AuthServiceConfig } from '../src/config/auth.config';
import { AUTH_MIGRATIONS } from '../src/database/migrations';

describeServiceRuntime({ configClass: AuthServiceConfig, module: AppModule, database: { migrations: AUTH_MIGRATIONS } });
