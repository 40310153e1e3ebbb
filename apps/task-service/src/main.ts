import { bootstrapService } from '@taskhub/platform-http';
import { AppModule } from './app.module';
import { TaskServiceConfig } from './config/task.config';

void bootstrapService({ module: AppModule, config: TaskServiceConfig });
