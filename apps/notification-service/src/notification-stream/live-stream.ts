import { Logger } from '@nestjs/common';
import { type Writable } from 'node:stream';
import { type Notification } from '../notifications/notification';
import { sseComment, sseEvent, sseRetry } from './sse';
import { type FeedSignal } from './user-channel-subscriber';

/** Rows read per catch-up query. */
export const CATCH_UP_BATCH = 100;

export interface LiveStreamOptions {
  readonly userId: string;
  /** the last seq the client has (Last-Event-ID, or the user's newest seq when it sent none) */
  readonly after: string;
  /** the user's notifications above a seq, in seq order */
  readonly read: (afterSeq: string, limit: number) => Promise<Notification[]>;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  /** when the access token expires (ms since the epoch): the stream ends then, the client reconnects with a new one */
  readonly endsAt: number;
  /** called once when the stream has ended, whatever ended it */
  readonly onEnd: () => void;
}

/**
 * One open stream. Every row is sent from the table, never from the announcement: a signal (a seq above the last
 * sent, or a resubscribe) starts a catch-up that reads `seq > lastSent` in seq order until nothing is left, and one
 * arriving during a catch-up runs another after it. So the first catch-up (after the subscription, from Last-Event-ID)
 * and the live messages join with no gap and no duplicate, a grouped notification goes out in its current state under
 * its new seq, and an announcement lost while Redis was down is made up by the next read.
 */
export class LiveStream {
  private readonly logger = new Logger(LiveStream.name);
  private lastSent: bigint;
  private running = false;
  private again = false;
  private ended = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly expiry: NodeJS.Timeout;

  constructor(
    private readonly out: Writable,
    private readonly options: LiveStreamOptions,
  ) {
    this.lastSent = BigInt(options.after);
    out.write(sseRetry(options.retryMs));
    this.heartbeat = setInterval(() => this.write(sseComment('ping')), options.heartbeatMs);
    this.expiry = setTimeout(() => this.end(), Math.min(2 ** 31 - 1, Math.max(0, options.endsAt - Date.now())));
    out.once('close', () => this.end());
  }

  /** The seq of the last event sent (a decimal string). */
  get position(): string {
    return this.lastSent.toString();
  }

  /** A message on the user's channel (its seq), or `null`: something may have been missed, read the table. */
  readonly signal = (signal: FeedSignal): void => {
    if (signal === null || signal > this.lastSent) this.catchUp();
  };

  /** Sends what the table has above the last sent seq; runs again afterwards if signalled meanwhile. */
  catchUp(): void {
    if (this.ended) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain();
  }

  /** Ends the response (idempotent): the client sees the stream close and reconnects, to wherever it is routed. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.expiry);
    if (!this.out.destroyed) this.out.end();
    this.options.onEnd();
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        let batch: Notification[];
        do {
          batch = await this.options.read(this.lastSent.toString(), CATCH_UP_BATCH);
          for (const notification of batch) {
            if (this.ended) return;
            this.write(sseEvent(notification.seq, 'notification', JSON.stringify(notification)));
            this.lastSent = BigInt(notification.seq);
          }
        } while (batch.length === CATCH_UP_BATCH);
      } while (this.again && !this.ended);
    } catch (error) {
      // the client resumes from its Last-Event-ID elsewhere or later; nothing is lost
      this.logger.warn(`notification stream of ${this.options.userId} ended: cannot read notifications: ${(error as Error).message}`);
      this.end();
    } finally {
      this.running = false; // synchronously after the last `again` check: a signal from now on starts a new drain
    }
  }

  private write(frame: string): void {
    if (!this.ended) this.out.write(frame);
  }
}
