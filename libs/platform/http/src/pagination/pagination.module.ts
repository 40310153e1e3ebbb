import { Global, Module } from '@nestjs/common';
import { PageCursors } from './page-cursors';

/** PageCursors for every module of the service (needs `BaseServiceConfig` globally, as createServiceApp provides it). */
@Global()
@Module({ providers: [PageCursors], exports: [PageCursors] })
export class PaginationModule {}
