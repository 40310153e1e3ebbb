import { type Channel, type Message } from 'amqplib';
import { AckTracker } from './ack-tracker';

/** A channel that records its acks, and n deliveries on it (tags 1..n). */
function deliveries(n: number): { tracker: AckTracker; messages: Message[]; acks: string[] } {
  const acks: string[] = [];
  const channel = { ack: (m: Message, multiple = false) => acks.push(`${m.fields.deliveryTag}${multiple ? '+' : ''}`) } as unknown as Channel;
  const tracker = new AckTracker(channel);
  const messages = Array.from({ length: n }, (_, i) => ({ fields: { deliveryTag: i + 1 } }) as unknown as Message);
  for (const m of messages) tracker.delivered(m);
  return { tracker, messages, acks };
}

describe(AckTracker.name, () => {
  it('should acknowledge a settled oldest run with one multiple ack', () => {
    const { tracker, messages, acks } = deliveries(5);
    tracker.ack(messages.slice(0, 3));
    expect(acks).toEqual(['3+']);
  });

  it('should acknowledge alone, at once, what is settled behind an older unsettled delivery, and never twice', () => {
    const { tracker, messages: [m1, m2, m3, m4, m5], acks } = deliveries(5);
    tracker.ack([m3, m4]);
    expect(acks).toEqual(['3', '4']);
    tracker.ack([m1]);
    // 2 is still held: 1 alone is the run
    expect(acks).toEqual(['3', '4', '1+']);
    tracker.ack([m2]);
    // the run is 2..4, but 3 and 4 went alone: the multiple ack names 2, which the broker still holds
    expect(acks).toEqual(['3', '4', '1+', '2+']);
    tracker.ack([m5]);
    expect(acks).toEqual(['3', '4', '1+', '2+', '5+']);
  });

  it('should never acknowledge a delivery that is not settled', () => {
    const { tracker, messages, acks } = deliveries(1_500);
    const unsettled = messages[700];
    tracker.ack(messages.filter((m) => m !== unsettled));
    const acked = new Set(acks.flatMap((a) => (a.endsWith('+') ? [] : [Number(a)])));
    const upTo = Math.max(0, ...acks.filter((a) => a.endsWith('+')).map((a) => Number(a.slice(0, -1))));
    expect(upTo).toBeLessThan(701);
    expect(acked.has(701)).toBe(false);
    expect(acked.size + upTo).toBe(1_499);
    tracker.ack([unsettled]);
    expect(acks.at(-1)).toBe('701+');
  });
});
