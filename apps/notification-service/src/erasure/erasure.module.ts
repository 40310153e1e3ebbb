import { Module } from '@nestjs/common';
import { DeletionEventHandlers } from './messaging/deletion-events.handlers';
import { PersonErasure } from './person-erasure';

@Module({
  providers: [PersonErasure, DeletionEventHandlers],
})
export class ErasureModule {}
