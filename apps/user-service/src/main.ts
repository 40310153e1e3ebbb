import { bootstrapService } from '@taskhub/platform-http';
import { AppModule } from './app.module';
import { UserServiceConfig } from './config/user.config';

void bootstrapService({ module: AppModule, config: UserServiceConfig });
