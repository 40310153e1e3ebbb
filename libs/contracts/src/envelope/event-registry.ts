import { ContractViolation } from './contract-violation';
import { type EventContract } from './event-contract';
import { type EventEnvelope, envelopeProblems } from './event-envelope';
import { validateEventData } from './validate-data';

export interface ParsedEvent {
  readonly contract: EventContract;
  readonly envelope: EventEnvelope;
}

/** The contracts a consumer knows, looked up by routing key; it turns raw messages into validated envelopes. */
export class EventRegistry {
  private readonly byRoutingKey = new Map<string, EventContract>();

  constructor(contracts: readonly EventContract[]) {
    for (const contract of contracts) {
      if (this.byRoutingKey.has(contract.routingKey)) throw new Error(`event ${contract.routingKey} is defined twice`);
      this.byRoutingKey.set(contract.routingKey, contract);
    }
  }

  get contracts(): readonly EventContract[] {
    return [...this.byRoutingKey.values()];
  }

  find(routingKey: string): EventContract | undefined {
    return this.byRoutingKey.get(routingKey);
  }

  /**
   * A message body as a validated envelope; throws ContractViolation (never anything else) if it is not JSON, the
   * envelope is malformed, its type and version are unknown, or its data fails the contract.
   */
  parse(body: Buffer | string): ParsedEvent {
    let value: unknown;
    try {
      value = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
    } catch {
      throw new ContractViolation('the message is not JSON');
    }
    const problems = envelopeProblems(value);
    if (problems.length > 0) throw new ContractViolation('malformed envelope', problems);
    const envelope = value as EventEnvelope;
    const contract = this.byRoutingKey.get(`${envelope.type}.v${envelope.version}`);
    if (contract === undefined) throw new ContractViolation(`unknown event ${envelope.type}.v${envelope.version}`);
    if (envelope.producer !== contract.producer) {
      throw new ContractViolation(`${contract.routingKey}: producer must be ${contract.producer}, not ${envelope.producer}`);
    }
    validateEventData(contract, envelope.data, 'consume');
    return { contract, envelope };
  }
}
