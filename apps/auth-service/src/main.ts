import { bootstrapService } from '@taskhub/platform-http';
import { AppModule } from './app.module';
import { AuthServiceConfig } from './config/auth.config';

void bootstrapService({ module: AppModule, config: AuthServiceConfig });
