import { DataSource, type EntityMetadata, type EntityTarget, type QueryRunner, type ReplicationMode } from 'typeorm';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DatabaseUnavailableError } from './database-unavailable';
import { currentReadTarget } from './replica/read-route';
import { type ReplicaFailureSink, withPrimaryFallback } from './replica/replica-query-runner';

/** The read replica as the data source sees it: its pg pool, whether it may be read now, what to do on failure. */
export interface ReplicaReads extends ReplicaFailureSink {
  readonly pool: unknown;
  /** true when reads may go to the replica now; false counts a fallback */
  admit(): boolean;
}

/**
 * A DataSource that may exist before it is connected (the service starts while its database is down and connects in
 * the background). Until then every query fails fast with DatabaseUnavailableError (503) instead of a TypeError.
 *
 * With a replica attached (`useReplica`), the queries of a request routed to the replica (ReadRoutingInterceptor) take
 * their connections from the replica's pool, TypeORM's own 'slave' mode; everything else uses the primary, whatever
 * mode TypeORM asks for (its query builders ask 'slave' for every SELECT).
 */
export class ServiceDataSource extends DataSource {
  private replica: ReplicaReads | undefined;

  /** Sends routed reads to the replica's pool from now on (attached to the driver once it is connected). */
  useReplica(replica: ReplicaReads): void {
    this.replica = replica;
    if (this.isInitialized) this.attachReplica();
  }

  override async initialize(): Promise<this> {
    await super.initialize();
    if (this.replica) this.attachReplica();
    return this;
  }

  override async destroy(): Promise<void> {
    // the replica's pool is its owner's to end, not the driver's (which would end it a second time)
    if (this.isInitialized) Object.assign(this.driver as PostgresDriver, { slaves: [], isReplicated: false });
    await super.destroy();
  }

  override createQueryRunner(mode?: ReplicationMode): QueryRunner {
    void mode; // the request's route decides, not the kind of statement
    if (!this.isInitialized) throw new DatabaseUnavailableError();
    if (this.replica && currentReadTarget() === 'replica' && this.replica.admit()) {
      return withPrimaryFallback(super.createQueryRunner('slave'), () => super.createQueryRunner('master'), this.replica);
    }
    return super.createQueryRunner('master');
  }

  override getMetadata(target: EntityTarget<unknown>): EntityMetadata {
    if (!this.isInitialized) throw new DatabaseUnavailableError();
    return super.getMetadata(target);
  }

  private attachReplica(): void {
    Object.assign(this.driver as PostgresDriver, { slaves: [this.replica?.pool], isReplicated: true });
  }
}
