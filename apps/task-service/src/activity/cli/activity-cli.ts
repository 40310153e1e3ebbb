import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { DataSource } from 'typeorm';
import { TaskServiceConfig } from '../../config/task.config';
import { TASK_DATABASE } from '../../database/task-database';
import { ActivityArchiver } from '../partitions/activity-archiver';
import { ActivityPartitions } from '../partitions/activity-partitions';

export const USAGE = `usage:
  activity-admin partitions     create the missing month partitions (this month + ACTIVITY_PARTITIONS_AHEAD_MONTHS) and
                                move rows out of the default partition
  activity-admin archive        archive the months older than ACTIVITY_RETENTION_MONTHS to ACTIVITY_ARCHIVE_DIR, then drop them
  activity-admin list           the partitions attached to activity
environment: the task service's (DATABASE_URL, ACTIVITY_*; docs/operations.md)`;

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  out(line: string): void;
}

/** Operator commands for the activity history's partitions (the same code the service runs on its schedule); returns the exit code. */
export async function runActivityCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command] = argv;
  if (command !== 'partitions' && command !== 'archive' && command !== 'list') {
    io.out(`activity-admin: ${command === undefined ? 'no command' : `unknown command: ${command}`}\n${USAGE}`);
    return 2;
  }
  const config = loadServiceConfig(TaskServiceConfig, io.env, { credentialsUsed: ['DATABASE_URL'] });
  const dataSource = new DataSource(buildDataSourceOptions(config, TASK_DATABASE, { poolMax: 2, statementTimeoutMs: 0 }));
  await dataSource.initialize();
  try {
    const partitions = new ActivityPartitions(dataSource, config);
    if (command === 'list') {
      for (const name of await partitions.attached()) io.out(name);
      return 0;
    }
    if (command === 'partitions') {
      const created = await partitions.ensure();
      io.out(created.length > 0 ? `created: ${created.join(', ')}` : 'every partition exists');
      return 0;
    }
    const run = await new ActivityArchiver(dataSource, config).run();
    if (!run.ran) {
      io.out('activity-admin: another instance is archiving (advisory lock held); nothing done');
      return 1;
    }
    for (const month of run.archived) io.out(`${month.month}: ${month.rows} rows archived to ${month.file}`);
    if (run.archived.length === 0) io.out(`nothing to archive (months before ${new ActivityArchiver(dataSource, config).cutoffLabel(new Date())} are archived)`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
