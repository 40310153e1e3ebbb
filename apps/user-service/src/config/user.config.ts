import { BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';

/** Configuration of the user service: the runtime contract (defaults from SERVICE_CATALOG['user']); its own variables go here. */
export class UserServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'user';
}
