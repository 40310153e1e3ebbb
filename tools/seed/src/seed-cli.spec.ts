import { parseSeedArgs } from './seed-cli';

describe('parseSeedArgs', () => {
  it('should take the task count, seed and database url', () => {
    const args = parseSeedArgs(['--tasks', '1000000', '--seed', '7', '--database-url', 'postgres://u@h/db_test'], {});

    expect(args).toEqual({ tasks: 1_000_000, seed: 7, databaseUrl: 'postgres://u@h/db_test', analyze: true });
  });

  it("should default to seed 1 and DATABASE_URL, else the task service's development database", () => {
    expect(parseSeedArgs(['--tasks', '10', '--no-analyze'], { DATABASE_URL: 'postgres://x@y/z' })).toEqual({
      tasks: 10,
      seed: 1,
      databaseUrl: 'postgres://x@y/z',
      analyze: false,
    });
    expect(parseSeedArgs(['--tasks', '10'], {}).databaseUrl).toBe('postgres://taskhub_task:taskhub_dev_password@127.0.0.1:5432/taskhub_task');
  });

  it('should refuse a missing or malformed task count', () => {
    expect(() => parseSeedArgs([], {})).toThrow('--tasks is required');
    expect(() => parseSeedArgs(['--tasks', '1e6'], {})).toThrow('--tasks must be a whole number, got "1e6"');
  });
});
