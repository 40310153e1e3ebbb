import { type ModuleRef } from '@nestjs/core';
import { AUTH_USER_REGISTERED_V1, type AuthUserRegisteredV1 } from '@taskhub/contracts';
import { BaseServiceConfig, type ProcessRole, ServiceWithWorkersConfig } from '@taskhub/platform-config';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '../amqp-connection';
import { HandleEvent } from '../handlers/handle-event.decorator';
import { type ServiceConsumerDefinition, ServiceConsumers } from './service-consumers';

class ProfileEventHandlers {
  @HandleEvent(AUTH_USER_REGISTERED_V1)
  async registered(_data: AuthUserRegisteredV1): Promise<void> {}
}

class ForgottenHandlers {
  async registered(): Promise<void> {}
}

class UserConfig extends BaseServiceConfig {}

class NotificationConfig extends ServiceWithWorkersConfig {}

describe(ServiceConsumers.name, () => {
  // never started: a consumer that starts registers for the connection, and nothing here connects
  const amqp = new AmqpConnection({ url: 'amqp://127.0.0.1:1', connectionName: 'service-consumers-spec' });
  // the providers as the service declared them, resolved by class
  const moduleRef = { get: (type: new () => object) => new type() } as unknown as ModuleRef;
  const consumers = (definitions: ServiceConsumerDefinition[], config: BaseServiceConfig = new UserConfig()): ServiceConsumers =>
    new ServiceConsumers(definitions, moduleRef, config, new DataSource({ type: 'postgres' }), amqp, new ServiceMetrics('user'));
  const inRole = (processRole: ProcessRole): BaseServiceConfig => Object.assign(new NotificationConfig(), { processRole });
  const queues: ServiceConsumerDefinition[] = [
    { queue: 'notification.people', handler: ProfileEventHandlers },
    { queue: 'notification.email', handler: ProfileEventHandlers, worker: true },
  ];
  let subscribe: jest.SpiedFunction<AmqpConnection['onConnected']>;

  beforeEach(() => {
    subscribe = jest.spyOn(amqp, 'onConnected');
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should start one consumer per queue, bound by the decorated methods of its handler class', () => {
    const service = consumers([{ queue: 'user.profiles', handler: ProfileEventHandlers }]);

    service.onApplicationBootstrap();

    expect(service.status()).toEqual([{ queue: 'user.profiles', consuming: false }]);
    expect(subscribe).toHaveBeenCalledTimes(1);
  });

  it('should fail the start naming a handler class without @HandleEvent methods, before any consumer starts', () => {
    const service = consumers([
      { queue: 'user.profiles', handler: ProfileEventHandlers },
      { queue: 'user.forgotten', handler: ForgottenHandlers },
    ]);

    expect(() => service.onApplicationBootstrap()).toThrow('ForgottenHandlers has no @HandleEvent method');
    expect(service.status()).toEqual([]);
    expect(subscribe).not.toHaveBeenCalled();
  });

  it('should consume every queue in a PROCESS_ROLE=all process', () => {
    const service = consumers(queues, inRole('all'));

    service.onApplicationBootstrap();

    expect(service.status().map((s) => s.queue)).toEqual(['notification.people', 'notification.email']);
    expect(subscribe).toHaveBeenCalledTimes(2);
  });

  it('should leave the worker queues to the workers in a PROCESS_ROLE=api process, declaring them once connected', () => {
    const service = consumers(queues, inRole('api'));

    service.onApplicationBootstrap();

    expect(service.status().map((s) => s.queue)).toEqual(['notification.people']);
    expect(subscribe).toHaveBeenCalledTimes(2); // the consumer, and the declaration of notification.email
  });

  it('should consume the worker queues only in a PROCESS_ROLE=worker process', () => {
    const service = consumers(queues, inRole('worker'));

    service.onApplicationBootstrap();

    expect(service.status().map((s) => s.queue)).toEqual(['notification.email']);
    expect(subscribe).toHaveBeenCalledTimes(1);
  });
});
