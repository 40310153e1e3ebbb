import { bootstrapService } from '@taskhub/platform-http';
import { AppModule } from './app.module';
import { NotificationServiceConfig } from './config/notification.config';

void bootstrapService({ module: AppModule, config: NotificationServiceConfig });
