import { loadServiceConfig } from '@taskhub/platform-config';
import { TaskServiceConfig } from '../../config/task.config';
import type { ActivityArchiver } from './activity-archiver';
import { ActivityMaintenance } from './activity-maintenance';
import type { ActivityPartitions } from './activity-partitions';

/** An ActivityMaintenance whose partitions and archiver only record that they ran. */
function maintenance(env: Record<string, string>): { maintenance: ActivityMaintenance; calls: string[] } {
  const calls: string[] = [];
  const partitions = { ensure: () => Promise.resolve(calls.push('partitions')) } as unknown as ActivityPartitions;
  const archiver = { run: () => Promise.resolve(calls.push('archive')), stop: () => undefined } as unknown as ActivityArchiver;
  return { maintenance: new ActivityMaintenance(partitions, archiver, loadServiceConfig(TaskServiceConfig, env)), calls };
}

describe(ActivityMaintenance.name, () => {
  it('should create partitions ahead, then archive, on each run by default', async () => {
    const { maintenance: m, calls } = maintenance({});
    await m.tick();
    expect(calls).toEqual(['partitions', 'archive']);
  });

  it('should create partitions ahead but never archive with ACTIVITY_ARCHIVE_IN_SERVICE=false', async () => {
    const { maintenance: m, calls } = maintenance({ ACTIVITY_ARCHIVE_IN_SERVICE: 'false' });
    await m.tick();
    await m.tick();
    expect(calls).toEqual(['partitions', 'partitions']);
  });
});
