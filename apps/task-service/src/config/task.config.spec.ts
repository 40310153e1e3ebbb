import { ConfigValidationError, loadServiceConfig } from '@taskhub/platform-config';
import { TaskServiceConfig } from './task.config';

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadServiceConfig(TaskServiceConfig, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe(TaskServiceConfig.name, () => {
  it('should archive activity in the service by default (development and a single instance)', () => {
    expect(loadServiceConfig(TaskServiceConfig, {}).activityArchiveInService).toBe(true);
  });

  it('should read ACTIVITY_ARCHIVE_IN_SERVICE=false and =true', () => {
    expect(loadServiceConfig(TaskServiceConfig, { ACTIVITY_ARCHIVE_IN_SERVICE: 'false' }).activityArchiveInService).toBe(false);
    expect(loadServiceConfig(TaskServiceConfig, { ACTIVITY_ARCHIVE_IN_SERVICE: 'true' }).activityArchiveInService).toBe(true);
  });

  it('should refuse an ACTIVITY_ARCHIVE_IN_SERVICE other than true or false, naming it', () => {
    expect(problems({ ACTIVITY_ARCHIVE_IN_SERVICE: 'no' })).toEqual(['ACTIVITY_ARCHIVE_IN_SERVICE must be a boolean value (got "no")']);
  });
});
