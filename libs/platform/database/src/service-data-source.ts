import { DataSource, type EntityMetadata, type EntityTarget, type QueryRunner, type ReplicationMode } from 'typeorm';
import { DatabaseUnavailableError } from './database-unavailable';

/**
 * A DataSource that may exist before it is connected (the service starts while its database is down and connects in
 * the background). Until then every query fails fast with DatabaseUnavailableError (503) instead of a TypeError.
 */
export class ServiceDataSource extends DataSource {
  override createQueryRunner(mode?: ReplicationMode): QueryRunner {
    if (!this.isInitialized) throw new DatabaseUnavailableError();
    return super.createQueryRunner(mode);
  }

  override getMetadata(target: EntityTarget<unknown>): EntityMetadata {
    if (!this.isInitialized) throw new DatabaseUnavailableError();
    return super.getMetadata(target);
  }
}
