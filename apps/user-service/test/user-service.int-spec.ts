import { describeServiceRuntime } from '@taskhub/platform-service-testing';
import { AppModule } from '../src/app.module';
import { UserServiceConfig } from '../src/config/user.config';
import { USER_DATABASE } from '../src/database/user-database';

describeServiceRuntime({ configClass: UserServiceConfig, module: AppModule, database: USER_DATABASE });
