import { Logger } from '@nestjs/common';
import { type ChannelModel, connect } from 'amqplib';

export interface AmqpConnectionOptions {
  readonly url: string;
  /** shown in the RabbitMQ connection list, e.g. task-service */
  readonly connectionName: string;
  /** heartbeat in seconds when the URL does not set one (default 10): a dead broker is noticed within ~2 heartbeats */
  readonly heartbeatSeconds?: number;
}

export type ConnectedListener = (connection: ChannelModel) => void | Promise<void>;

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;
const CONNECT_TIMEOUT_MS = 5000;

/** Backoff between reconnect attempts: 0.5 s, 1 s, 2 s, ... capped at 15 s, forever. */
export function amqpReconnectDelay(attempt: number): number {
  return Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(attempt, 10));
}

/**
 * The one AMQP connection of a service process. Connects in the background (a broker outage never blocks boot),
 * reconnects forever with capped backoff, and tells `onConnected` listeners about each new connection so channels,
 * topology and consumers (next issue: outbox relay, consumers) can be set up again after a reconnect.
 */
export class AmqpConnection {
  private readonly logger = new Logger('RabbitMQ');
  private readonly listeners: ConnectedListener[] = [];
  private connection: ChannelModel | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private closed = false;

  constructor(private readonly options: AmqpConnectionOptions) {}

  isConnected(): boolean {
    return this.connection !== undefined;
  }

  /** The live connection, or undefined while (re)connecting. */
  current(): ChannelModel | undefined {
    return this.connection;
  }

  /** Called with every new connection (and at once if already connected). */
  onConnected(listener: ConnectedListener): void {
    this.listeners.push(listener);
    if (this.connection) this.notify(listener, this.connection);
  }

  start(): void {
    void this.connectOnce();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await connection.close().catch(() => undefined);
  }

  private async connectOnce(): Promise<void> {
    try {
      const connection = await connect(withHeartbeat(this.options.url, this.options.heartbeatSeconds ?? 10), {
        noDelay: true,
        timeout: CONNECT_TIMEOUT_MS,
        clientProperties: { connection_name: this.options.connectionName },
      });
      if (this.closed) {
        await connection.close().catch(() => undefined);
        return;
      }
      this.connection = connection;
      this.logger.log(this.attempts > 0 ? `rabbitmq connected after ${this.attempts} retries` : 'rabbitmq connected');
      this.attempts = 0;
      connection.on('error', (error: Error) => this.logger.warn(`rabbitmq connection error: ${error.message}`));
      connection.on('close', () => {
        if (this.connection !== connection) return;
        this.connection = undefined;
        if (!this.closed) {
          this.logger.warn('rabbitmq connection closed, reconnecting');
          this.scheduleReconnect();
        }
      });
      for (const listener of this.listeners) this.notify(listener, connection);
    } catch (error) {
      if (this.attempts === 0) this.logger.warn(`rabbitmq connection failed: ${error instanceof Error ? error.message : String(error)}`);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = amqpReconnectDelay(this.attempts);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => void this.connectOnce(), delay);
    this.reconnectTimer.unref();
  }

  private notify(listener: ConnectedListener, connection: ChannelModel): void {
    Promise.resolve()
      .then(() => listener(connection))
      .catch((error: unknown) => this.logger.error(`onConnected listener failed: ${error instanceof Error ? error.message : String(error)}`));
  }
}

function withHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}
