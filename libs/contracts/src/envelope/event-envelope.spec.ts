import { AUTH_USER_REGISTERED_V1 } from '../events/auth-user-registered/auth-user-registered.v1.event';
import { ContractViolation } from './contract-violation';
import { defineEvent } from './event-contract';
import { createEnvelope } from './event-envelope';

const data = { userId: '0190c8d2-7a1b-7c3d-9e4f-5a6b7c8d9e0f', email: 'ada@example.com', displayName: 'Ada' };

describe(createEnvelope.name, () => {
  it('should stamp a UUIDv7 id, the contract type, version and producer, and the metadata', () => {
    const envelope = createEnvelope(AUTH_USER_REGISTERED_V1, data, {
      correlationId: 'req-1',
      causationId: 'req-1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      occurredAt: new Date('2026-11-22T10:00:00.000Z'),
    });

    expect(envelope).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) as unknown,
      type: 'auth.user.registered',
      version: 1,
      occurredAt: '2026-11-22T10:00:00.000Z',
      producer: 'auth',
      correlationId: 'req-1',
      causationId: 'req-1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      data,
    });
  });

  it('should give ids that sort by creation', () => {
    const ids = Array.from({ length: 50 }, () => createEnvelope(AUTH_USER_REGISTERED_V1, data, { correlationId: 'c' }).id);

    expect([...ids].sort()).toEqual(ids);
  });

  it('should refuse unknown data fields on publish (strict producer)', () => {
    expect(() => createEnvelope(AUTH_USER_REGISTERED_V1, { ...data, extra: 1 } as typeof data, { correlationId: 'c' })).toThrow(ContractViolation);
  });

  it('should refuse invalid data on publish, naming the field', () => {
    expect(() => createEnvelope(AUTH_USER_REGISTERED_V1, { ...data, userId: '42' }, { correlationId: 'c' })).toThrow('data.userId: userId must be a UUID');
  });

  it('should refuse an empty correlation id', () => {
    expect(() => createEnvelope(AUTH_USER_REGISTERED_V1, data, { correlationId: '' })).toThrow('correlationId');
  });
});

describe(defineEvent.name, () => {
  class Payload {}

  it('should derive the routing key and the producer from the type', () => {
    const contract = defineEvent({ type: 'task.task.assigned', version: 3, data: Payload, description: 'x', consumers: [] });

    expect(contract.routingKey).toBe('task.task.assigned.v3');
    expect(contract.producer).toBe('task');
  });

  it.each(['task.assigned', 'Task.task.assigned', 'billing.invoice.paid', 'task.task.assigned.v1'])('should refuse the type %s', (type) => {
    expect(() => defineEvent({ type, version: 1, data: Payload, description: 'x', consumers: [] })).toThrow('<service>.<entity>.<past-tense-verb>');
  });
});
