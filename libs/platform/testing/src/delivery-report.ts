/**
 * A Jepsen-style account of one fault test of the event backbone: what producers committed, what the relay had
 * confirmed by the broker, and what consumers applied, from which loss and duplication follow.
 */
export interface DeliveryReport {
  /** events committed by producers (state change and outbox row in one transaction) */
  readonly attempted: number;
  /** outbox rows the relay marked published after the broker's confirm */
  readonly confirmed: number;
  /** attempted events never applied by the consumer */
  readonly lost: number;
  /** deliveries the consumer's inbox recognised as already applied */
  readonly duplicateDeliveries: number;
  /** events whose effect was applied more than once */
  readonly duplicateEffects: number;
}

export function deliveryReport(input: {
  attemptedIds: readonly string[];
  confirmed: number;
  /** one entry per effect applied, the event id it came from */
  appliedIds: readonly string[];
  duplicateDeliveries: number;
}): DeliveryReport {
  const applied = new Set(input.appliedIds);
  return {
    attempted: input.attemptedIds.length,
    confirmed: input.confirmed,
    lost: input.attemptedIds.filter((id) => !applied.has(id)).length,
    duplicateDeliveries: input.duplicateDeliveries,
    duplicateEffects: input.appliedIds.length - applied.size,
  };
}

export function formatDeliveryReport(name: string, r: DeliveryReport): string {
  return `${name}: attempted ${r.attempted} / confirmed ${r.confirmed} / lost ${r.lost} / duplicate deliveries ${r.duplicateDeliveries} / duplicate effects ${r.duplicateEffects}`;
}
