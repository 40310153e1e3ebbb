import './traced-service-tracing'; // first: OpenTelemetry before http and pg are loaded
import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Controller, Injectable, Logger, Module, type OnApplicationBootstrap, Post } from '@nestjs/common';
import { Public } from '@taskhub/platform-auth';
import { BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';
import { AmqpConnection, type EventContext, EventConsumer, eventHandlers, HandleEvent, writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { bootstrapService } from '../../src/bootstrap-service';
import { PlatformModule } from '../../src/platform.module';
import { TRACE_PROBE_ANSWERED_V1, TRACE_PROBE_REQUESTED_V1, TRACED_SERVICE_MIGRATIONS, type TraceProbeV1 } from './trace-probe.schema';

/**
 * A service as the platform builds one, for the tracing test (run from dist/ by traced-service-process.ts):
 * `POST /api/v1/probes` records a probe and its `requested` event in one transaction; the outbox relay publishes it;
 * a consumer applies it, writing an `answered` event to the outbox and a log line, and applies that one too.
 * Environment: the service runtime variables, OTEL_*, and TRACED_QUEUE (the consumer's queue).
 */
class TracedServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';
}

@Injectable()
class ProbeService {
  private readonly logger = new Logger(ProbeService.name);

  constructor(private readonly dataSource: DataSource) {}

  record(): Promise<{ probeId: string; eventId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const probeId = randomUUID();
      await manager.query('INSERT INTO probe (id) VALUES ($1)', [probeId]);
      const envelope = await writeToOutbox(manager, TRACE_PROBE_REQUESTED_V1, { probeId });
      this.logger.log(`probe ${probeId} recorded`);
      return { probeId, eventId: envelope.id };
    });
  }
}

/** Public: this process is about tracing; authentication has its own suites. */
@Public()
@Controller('probes')
class ProbeController {
  constructor(private readonly probes: ProbeService) {}

  @Post()
  record(): Promise<{ probeId: string; eventId: string }> {
    return this.probes.record();
  }
}

/** Answers each requested probe with an event of its own, and logs the answer when it comes back. */
@Injectable()
class ProbeHandlers {
  private readonly logger = new Logger(ProbeHandlers.name);

  @HandleEvent(TRACE_PROBE_REQUESTED_V1)
  async requested({ probeId }: TraceProbeV1, { manager, envelope }: EventContext<TraceProbeV1>): Promise<void> {
    await manager.query('INSERT INTO probe_effect (event_id) VALUES ($1)', [envelope.id]);
    await writeToOutbox(manager, TRACE_PROBE_ANSWERED_V1, { probeId });
    this.logger.log(`probe ${probeId} requested: answered`);
  }

  @HandleEvent(TRACE_PROBE_ANSWERED_V1)
  answered({ probeId }: TraceProbeV1): Promise<void> {
    this.logger.log(`probe ${probeId} answered`);
    return Promise.resolve();
  }
}

@Injectable()
class ProbeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProbeConsumer.name);
  private readonly consumer: EventConsumer;

  constructor(dataSource: DataSource, amqp: AmqpConnection, handlers: ProbeHandlers) {
    const queue = process.env.TRACED_QUEUE;
    if (!queue) throw new Error('TRACED_QUEUE is not set');
    this.consumer = new EventConsumer({ dataSource, amqp, queue: { queue, queueType: 'classic' }, handlers: eventHandlers(handlers) });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.start();
    const deadline = Date.now() + 15_000;
    while (!this.consumer.consuming) {
      if (Date.now() > deadline) throw new Error('the probe consumer did not subscribe within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const otelSdkLoaded = Object.keys(require.cache).some((file) => file.includes('@opentelemetry/sdk-trace'));
    this.logger.log({ msg: 'probe consumer subscribed', otelSdkLoaded });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop(5_000);
  }
}

@Module({
  imports: [PlatformModule.forRoot({ database: { migrations: TRACED_SERVICE_MIGRATIONS }, outbox: true })],
  controllers: [ProbeController],
  providers: [ProbeService, ProbeHandlers, ProbeConsumer],
})
class TracedServiceModule {}

void bootstrapService({ module: TracedServiceModule, config: TracedServiceConfig });
