import { BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';

/** Configuration of the task service: the runtime contract (defaults from SERVICE_CATALOG['task']); its own variables go here. */
export class TaskServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';
}
