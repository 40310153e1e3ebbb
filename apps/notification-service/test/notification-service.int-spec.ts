import { describeServiceRuntime } from '@taskhub/platform-service-testing';
import { AppModule } from '../src/app.module';
import { NotificationServiceConfig } from '../src/config/notification.config';
import { NOTIFICATION_DATABASE } from '../src/database/notification-database';

describeServiceRuntime({ configClass: NotificationServiceConfig, module: AppModule, database: NOTIFICATION_DATABASE });
