import { BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';

/** Configuration of the notification service: the runtime contract (defaults from SERVICE_CATALOG['notification']); its own variables go here. */
export class NotificationServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'notification';
}
