import { type Channel, type Message } from 'amqplib';

/**
 * Acknowledges the deliveries of one channel with as few frames as it can, and none before it is settled (its
 * transaction committed, or its copy confirmed in a retry tier or the parking lot). Settled deliveries that make up
 * the oldest unacknowledged run go in one `basic.ack` with `multiple`; a delivery settled behind an older unsettled
 * one is acknowledged alone at once, so a slow handler holds back no other delivery's ack.
 */
export class AckTracker {
  /** every delivery not yet acknowledged, in delivery order (delivery tags increase), from `head` on */
  private unacked: Message[] = [];
  private head = 0;
  /** delivery tags settled but not yet acknowledged by a multiple ack */
  private readonly settled = new Set<number>();
  /** delivery tags already acknowledged alone (behind an older unsettled delivery) */
  private readonly ackedAlone = new Set<number>();

  constructor(private readonly channel: Channel) {}

  /** Called for every delivery of the channel, in the order the broker delivered them. */
  delivered(message: Message): void {
    this.unacked.push(message);
  }

  /** Acknowledges settled deliveries (throws if the channel is closed: the broker then redelivers them). */
  ack(messages: readonly Message[]): void {
    for (const m of messages) this.settled.add(m.fields.deliveryTag);
    let upTo: Message | undefined;
    while (this.head < this.unacked.length && this.settled.has(this.unacked[this.head].fields.deliveryTag)) {
      const oldest = this.unacked[this.head];
      const tag = oldest.fields.deliveryTag;
      this.settled.delete(tag);
      // the multiple ack names a delivery the broker still holds: not one acknowledged alone already
      if (!this.ackedAlone.delete(tag)) upTo = oldest;
      this.head += 1;
    }
    if (upTo !== undefined) this.channel.ack(upTo, true);
    for (const m of messages) {
      const tag = m.fields.deliveryTag;
      if (this.settled.has(tag) && !this.ackedAlone.has(tag)) {
        this.channel.ack(m);
        this.ackedAlone.add(tag);
      }
    }
    if (this.head > 1_000) {
      this.unacked = this.unacked.slice(this.head);
      this.head = 0;
    }
  }
}
