import { BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';

/** Configuration of the auth service: the runtime contract (defaults from SERVICE_CATALOG['auth']); its own variables go here. */
export class AuthServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'auth';
}
