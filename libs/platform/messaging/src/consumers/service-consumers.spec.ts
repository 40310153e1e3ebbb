import { type ModuleRef } from '@nestjs/core';
import { AUTH_USER_REGISTERED_V1, type AuthUserRegisteredV1 } from '@taskhub/contracts';
import { BaseServiceConfig } from '@taskhub/platform-config';
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

describe(ServiceConsumers.name, () => {
  // never started: a consumer that starts registers for the connection, and nothing here connects
  const amqp = new AmqpConnection({ url: 'amqp://127.0.0.1:1', connectionName: 'service-consumers-spec' });
  // the providers as the service declared them, resolved by class
  const moduleRef = { get: (type: new () => object) => new type() } as unknown as ModuleRef;
  const consumers = (definitions: ServiceConsumerDefinition[]): ServiceConsumers =>
    new ServiceConsumers(definitions, moduleRef, new UserConfig(), new DataSource({ type: 'postgres' }), amqp, new ServiceMetrics('user'));
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
});
