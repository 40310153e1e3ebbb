import { type DynamicModule, Global, Module } from '@nestjs/common';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { DataSource, EntityManager } from 'typeorm';
import { DatabaseConnection } from './database-connection';
import { buildDataSourceOptions, type ServiceDatabaseDefinition } from './data-source-options';
import { MigrationStatus } from './migration-status';
import { ServiceDataSource } from './service-data-source';

/**
 * The service's own database. Provides TypeORM's `DataSource` and `EntityManager` under the tokens @nestjs/typeorm uses,
 * so `TypeOrmModule.forFeature([...])` repositories work on top of it. Needs `BaseServiceConfig` provided globally.
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
      ],
      exports: [DatabaseConnection, DataSource, EntityManager, MigrationStatus],
    };
  }
}
