import { Injectable, Logger, Module } from '@nestjs/common';
import { BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { bootstrapService } from '../../src/bootstrap-service';
import { PlatformModule } from '../../src/platform.module';
import { CONSUMER_SERVICE_MIGRATIONS, SHUTDOWN_PROBE_V1, type ShutdownProbeV1 } from './shutdown-probe.schema';

class ConsumerServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';
}

/** Applies a probe slowly (PROBE_HANDLER_DELAY_MS inside the transaction), so a SIGTERM finds some in flight. */
@Injectable()
class ShutdownProbeHandlers {
  private readonly logger = new Logger(ShutdownProbeHandlers.name);
  private readonly delayMs = Number(process.env.PROBE_HANDLER_DELAY_MS ?? 0);

  @HandleEvent(SHUTDOWN_PROBE_V1)
  async probe({ n }: ShutdownProbeV1, { manager, envelope }: EventContext<ShutdownProbeV1>): Promise<void> {
    this.logger.log({ msg: 'probe started', n });
    await manager.query('INSERT INTO probe_effect (event_id, n, pid) VALUES ($1, $2, $3)', [envelope.id, n, process.pid]);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }
}

const queue = process.env.PROBE_QUEUE;
if (!queue) throw new Error('PROBE_QUEUE is not set');

@Module({
  imports: [
    PlatformModule.forRoot({
      database: { migrations: CONSUMER_SERVICE_MIGRATIONS },
      consumers: [{ queue, handler: ShutdownProbeHandlers, queueType: 'classic', prefetch: 20 }],
    }),
  ],
  providers: [ShutdownProbeHandlers],
})
class ConsumerServiceModule {}

void bootstrapService({ module: ConsumerServiceModule, config: ConsumerServiceConfig });
