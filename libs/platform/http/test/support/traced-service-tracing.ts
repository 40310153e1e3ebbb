// Imported first by traced-service.ts, as a service's main.ts imports its tracing.ts.
import { startTracing } from '@taskhub/platform-tracing';

startTracing({ serviceName: 'traced-service' });
