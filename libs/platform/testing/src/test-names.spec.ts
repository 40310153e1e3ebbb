import { assertTestDatabaseName, createRunId, scratchDatabaseName, testDatabaseName, testVhostName } from './test-names';

describe('test resource names', () => {
  it('should make 8-hex-character run ids that differ between runs', () => {
    const ids = new Set(Array.from({ length: 50 }, () => createRunId()));

    expect([...ids].every((id) => /^[0-9a-f]{8}$/.test(id))).toBe(true);
    expect(ids.size).toBe(50);
  });

  it('should mark every per-run name with _test_ and the run id', () => {
    expect(testDatabaseName('deadbeef', 'task')).toBe('taskhub_test_deadbeef_task');
    expect(scratchDatabaseName('deadbeef', 'migrations')).toBe('taskhub_test_deadbeef_migrations');
    expect(testVhostName('deadbeef')).toBe('taskhub_test_deadbeef');
  });

  it('should refuse a run id that could inject into a name', () => {
    expect(() => testDatabaseName('x"; drop', 'task')).toThrow(/invalid test run id/);
  });

  it('should refuse names of real databases', () => {
    expect(() => assertTestDatabaseName('taskhub_task')).toThrow(/refusing/);
    expect(assertTestDatabaseName('taskhub_test_deadbeef_task')).toBe('taskhub_test_deadbeef_task');
  });
});
