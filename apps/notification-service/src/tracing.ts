// Imported first by main.ts: the http and pg instrumentations must be registered before anything requires them.
import { startTracing } from '@taskhub/platform-tracing';

startTracing({ serviceName: 'notification-service' });
