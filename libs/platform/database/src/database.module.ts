import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { type Redis, REDIS_CLIENT } from '@taskhub/platform-redis';
import { DataSource, EntityManager } from 'typeorm';
import { DatabaseConnection } from './database-connection';
import { buildDataSourceOptions, type ServiceDatabaseDefinition } from './data-source-options';
import { MigrationStatus } from './migration-status';
import { ReadReplicaHolder } from './replica/read-replica.holder';
import { ReadRoutingInterceptor } from './replica/read-routing.interceptor';
import { ServiceDataSource } from './service-data-source';

/**
 * With `readReplica`: the replica (when READ_DATABASE_URL is set) and the interceptor routing each request's reads,
 * which `createServiceApp` makes global only when there is a replica (`readRoutingInterceptorOf`).
 */
function readReplicaProviders(definition: ServiceDatabaseDefinition): Provider[] {
  if (!definition.readReplica) return [];
  return [
    {
      provide: ReadReplicaHolder,
      inject: [BaseServiceConfig, DatabaseConnection, REDIS_CLIENT, ServiceMetrics],
      useFactory: (config: BaseServiceConfig, connection: DatabaseConnection, redis: Redis, metrics: ServiceMetrics) =>
        ReadReplicaHolder.create(config, connection.dataSource, redis, metrics),
    },
    ReadRoutingInterceptor,
  ];
}

/**
 * The service's own database. Provides TypeORM's `DataSource` and `EntityManager` under the tokens @nestjs/typeorm uses,
 * so `TypeOrmModule.forFeature([...])` repositories work on top of it. Needs `BaseServiceConfig` provided globally (and,
 * with `readReplica`, the Redis client and ServiceMetrics).
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(definition: ServiceDatabaseDefinition): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DatabaseConnection,
          inject: [BaseServiceConfig],
          useFactory: async (config: BaseServiceConfig): Promise<DatabaseConnection> => {
            const connection = new DatabaseConnection(new ServiceDataSource(buildDataSourceOptions(config, definition)));
            await connection.start();
            return connection;
          },
        },
        { provide: DataSource, inject: [DatabaseConnection], useFactory: (c: DatabaseConnection) => c.dataSource },
        { provide: EntityManager, inject: [DataSource], useFactory: (ds: DataSource) => ds.manager },
        { provide: MigrationStatus, inject: [DataSource], useFactory: (ds: DataSource) => new MigrationStatus(ds) },
        ...readReplicaProviders(definition),
      ],
      exports: [DatabaseConnection, DataSource, EntityManager, MigrationStatus],
    };
  }
}
