import { type QueryRunner } from 'typeorm';
import { withPrimaryFallback } from './replica-query-runner';

interface FakeRunner {
  mode: string;
  isTransactionActive: boolean;
  calls: string[];
  released: boolean;
  fail?: Error;
}

function fakeRunner(name: string, mode: string, fail?: Error): FakeRunner & QueryRunner {
  const runner: FakeRunner = { mode, isTransactionActive: false, calls: [], released: false, fail };
  return Object.assign(runner, {
    query: (sql: string) => {
      runner.calls.push(`${name}:${runner.mode}:${sql}`);
      return runner.fail === undefined ? Promise.resolve([{ from: name }]) : Promise.reject(runner.fail);
    },
    startTransaction: () => {
      runner.calls.push(`${name}:${runner.mode}:START`);
      runner.isTransactionActive = true;
      return Promise.resolve();
    },
    release: () => {
      runner.released = true;
      return Promise.resolve();
    },
  }) as unknown as FakeRunner & QueryRunner;
}

describe(withPrimaryFallback.name, () => {
  const unavailable = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
  let primaries: (FakeRunner & QueryRunner)[];
  const newPrimary = (): QueryRunner => {
    const runner = fakeRunner('primary', 'master');
    primaries.push(runner);
    return runner;
  };

  beforeEach(() => {
    primaries = [];
  });

  it('should answer from the replica while it answers', async () => {
    const replica = fakeRunner('replica', 'slave');
    const runner = withPrimaryFallback(replica, newPrimary, { retryOnPrimary: () => true });

    expect(await runner.query('SELECT 1')).toEqual([{ from: 'replica' }]);
    expect(primaries).toEqual([]);
  });

  it('should run a failed query again on the primary, and the rest of its queries there too; release releases both', async () => {
    const replica = fakeRunner('replica', 'slave', unavailable);
    const runner = withPrimaryFallback(replica, newPrimary, { retryOnPrimary: () => true });

    expect(await runner.query('SELECT 1')).toEqual([{ from: 'primary' }]);
    expect(await runner.query('SELECT 2')).toEqual([{ from: 'primary' }]);
    await runner.release();

    expect(replica.calls).toEqual(['replica:slave:SELECT 1']);
    expect(primaries.map((p) => p.calls)).toEqual([['primary:master:SELECT 1', 'primary:master:SELECT 2']]);
    expect([replica.released, primaries[0].released]).toEqual([true, true]);
  });

  it('should rethrow what the replica says should not be retried', async () => {
    const replica = fakeRunner('replica', 'slave', new Error('duplicate key'));
    const runner = withPrimaryFallback(replica, newPrimary, { retryOnPrimary: () => false });

    await expect(runner.query('SELECT 1')).rejects.toThrow('duplicate key');
    expect(primaries).toEqual([]);
  });

  it('should run a transaction started before any query on the primary pool', async () => {
    const replica = fakeRunner('replica', 'slave');
    const runner = withPrimaryFallback(replica, newPrimary, { retryOnPrimary: () => true });

    await runner.startTransaction();
    await runner.query('UPDATE t SET x = 1');

    expect(replica.calls).toEqual(['replica:master:START', 'replica:master:UPDATE t SET x = 1']);
  });
});
