import { Global, Module } from '@nestjs/common';
import { ProjectAccess } from './project-access';

/** Project access checks, used by every feature of the service. */
@Global()
@Module({ providers: [ProjectAccess], exports: [ProjectAccess] })
export class AccessModule {}
