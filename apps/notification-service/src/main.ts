import './tracing'; // first: OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before http and pg are loaded
import { bootstrapService } from '@taskhub/platform-http';
import { AppModule } from './app.module';
import { NotificationServiceConfig } from './config/notification.config';

void bootstrapService({ module: AppModule, config: NotificationServiceConfig });
