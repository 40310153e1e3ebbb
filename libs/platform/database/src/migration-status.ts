import { type DataSource } from 'typeorm';
import { pendingMigrations } from './migrations';

/** Whether every migration this build knows is applied. Once true it stays true (a running service never un-migrates). */
export class MigrationStatus {
  private applied = false;

  constructor(private readonly dataSource: DataSource) {}

  async allApplied(): Promise<boolean> {
    if (this.applied) return true;
    if (!this.dataSource.isInitialized) return false;
    this.applied = (await pendingMigrations(this.dataSource)).length === 0;
    return this.applied;
  }
}
