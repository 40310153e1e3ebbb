import { describeServiceRuntime } from '@taskhub/platform-service-testing';
import { AppModule } from '../src/app.module';
import { UserServiceConfig } from '../src/config/user.config';
import { USER_MIGRATIONS } from '../src/database/migrations';

describeServiceRuntime({ configClass: UserServiceConfig, module: AppModule, database: { migrations: USER_MIGRATIONS } });
