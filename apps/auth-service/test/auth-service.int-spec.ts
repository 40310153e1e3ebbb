import { describeServiceRuntime } from '@taskhub/platform-service-testing';
import { AppModule } from '../src/app.module';
import { AuthServiceConfig } from '../src/config/auth.config';
import { AUTH_DATABASE } from '../src/database/auth-database';

describeServiceRuntime({ configClass: AuthServiceConfig, module: AppModule, database: AUTH_DATABASE });
