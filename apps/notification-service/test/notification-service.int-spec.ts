import { describeServiceRuntime } from '@taskhub/platform-service-testing';
import { AppModule } from '../src/app.module';
import { NotificationServiceConfig } from '../src/config/notification.config';
import { NOTIFICATION_MIGRATIONS } from '../src/database/migrations';

describeServiceRuntime({ configClass: NotificationServiceConfig, module: AppModule, database: { migrations: NOTIFICATION_MIGRATIONS } });
