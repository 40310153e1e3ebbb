import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ContractViolation } from './contract-violation';
import { type EventContract } from './event-contract';

/**
 * Validates an event payload against its contract's class. Producers are strict (an unknown field is an error: it
 * would reach consumers undocumented); consumers are tolerant readers (unknown fields are ignored, so a producer can
 * add an optional field within a version before every consumer knows it).
 */
export function validateEventData<T extends object>(contract: EventContract<T>, data: unknown, mode: 'publish' | 'consume'): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ContractViolation(`${contract.routingKey}: data must be an object`);
  }
  const instance = plainToInstance(contract.data, data);
  const errors = validateSync(instance, { forbidUnknownValues: true, whitelist: mode === 'publish', forbidNonWhitelisted: mode === 'publish' });
  if (errors.length > 0) throw new ContractViolation(`${contract.routingKey}: invalid data`, flatten(errors));
  return data as T;
}

function flatten(errors: readonly ValidationError[], prefix = 'data'): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
