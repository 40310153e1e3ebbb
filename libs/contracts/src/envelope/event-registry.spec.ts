import { AUTH_USER_REGISTERED_V1, type AuthUserRegisteredV1 } from '../events/auth-user-registered/auth-user-registered.v1.event';
import { ContractViolation } from './contract-violation';
import { createEnvelope } from './event-envelope';
import { EventRegistry } from './event-registry';

const registered = (overrides: Partial<AuthUserRegisteredV1> = {}): AuthUserRegisteredV1 => ({
  userId: '0190c8d2-7a1b-7c3d-9e4f-5a6b7c8d9e0f',
  email: 'ada@example.com',
  displayName: 'Ada',
  ...overrides,
});

function violation(action: () => unknown): ContractViolation {
  try {
    action();
  } catch (error) {
    if (error instanceof ContractViolation) return error;
    throw error;
  }
  throw new Error('expected a ContractViolation');
}

describe(EventRegistry.name, () => {
  const registry = new EventRegistry([AUTH_USER_REGISTERED_V1]);
  const message = (mutate: (e: Record<string, unknown>) => void = () => undefined): string => {
    const envelope = { ...createEnvelope(AUTH_USER_REGISTERED_V1, registered(), { correlationId: 'req-1' }) } as Record<string, unknown>;
    mutate(envelope);
    return JSON.stringify(envelope);
  };

  it('should parse a valid message into its contract and envelope', () => {
    const { contract, envelope } = registry.parse(Buffer.from(message()));

    expect(contract).toBe(AUTH_USER_REGISTERED_V1);
    expect(envelope.data).toEqual(registered());
    expect(envelope.correlationId).toBe('req-1');
  });

  it('should ignore unknown data fields on consume (tolerant reader)', () => {
    const { envelope } = registry.parse(message((e) => (e.data = { ...registered(), locale: 'en' })));

    expect(envelope.data).toMatchObject({ locale: 'en' });
  });

  it.each([
    ['not JSON', '{"id":', 'the message is not JSON'],
    ['a JSON array', '[]', 'malformed envelope'],
  ])('should reject %s', (_label, body, reason) => {
    expect(violation(() => registry.parse(body)).reason).toBe(reason);
  });

  it('should name every malformed envelope field', () => {
    const error = violation(() =>
      registry.parse(
        message((e) => {
          e.id = 'not-a-uuid';
          e.occurredAt = 'yesterday';
          e.traceparent = 'x';
        }),
      ),
    );

    expect(error.reason).toBe('malformed envelope');
    expect(error.problems).toEqual(['id: must be a UUIDv7', 'occurredAt: must be an ISO 8601 UTC timestamp', 'traceparent: must be null or a W3C traceparent']);
  });

  it('should reject an unknown type or version', () => {
    expect(violation(() => registry.parse(message((e) => (e.version = 2)))).reason).toBe('unknown event auth.user.registered.v2');
  });

  it('should reject an event published by a service that does not own it', () => {
    expect(violation(() => registry.parse(message((e) => (e.producer = 'task')))).reason).toBe('auth.user.registered.v1: producer must be auth, not task');
  });

  it('should reject data that fails the contract, naming the field', () => {
    const error = violation(() => registry.parse(message((e) => (e.data = { ...registered(), email: 'nope' }))));

    expect(error.reason).toBe('auth.user.registered.v1: invalid data');
    expect(error.problems).toEqual(['data.email: email must be an email']);
  });

  it('should refuse a contract defined twice', () => {
    expect(() => new EventRegistry([AUTH_USER_REGISTERED_V1, AUTH_USER_REGISTERED_V1])).toThrow('event auth.user.registered.v1 is defined twice');
  });
});
