import { type DataSource, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import { attachLocalRelay, wakeLocalRelaysAfterCommit } from './outbox-wake';

/** A DataSource and a query runner on it, as far as the commit hooks see them. */
function fakes(): { dataSource: DataSource; runner: QueryRunner & { isTransactionActive: boolean }; end: (how: 'commit' | 'rollback') => void } {
  const dataSource = { subscribers: [] as EntitySubscriberInterface[] } as unknown as DataSource;
  const runner = { connection: dataSource, data: {}, isTransactionActive: true } as unknown as QueryRunner & { isTransactionActive: boolean };
  const end = (how: 'commit' | 'rollback'): void => {
    for (const s of dataSource.subscribers) {
      if (how === 'commit') void s.afterTransactionCommit?.({ queryRunner: runner, connection: dataSource, manager: runner.manager });
      else void s.afterTransactionRollback?.({ queryRunner: runner, connection: dataSource, manager: runner.manager });
    }
  };
  return { dataSource, runner, end };
}

describe(attachLocalRelay.name, () => {
  it('should wake the relay once the outermost transaction that wrote to the outbox commits, not at a savepoint', () => {
    const { dataSource, runner, end } = fakes();
    const relay = { wake: jest.fn() };
    attachLocalRelay(dataSource, relay);

    expect(wakeLocalRelaysAfterCommit(runner)).toBe(true);
    end('commit'); // RELEASE SAVEPOINT: the transaction is still open
    expect(relay.wake).not.toHaveBeenCalled();
    runner.isTransactionActive = false;
    end('commit');
    end('commit'); // a later transaction of the same runner that wrote nothing
    expect(relay.wake).toHaveBeenCalledTimes(1);
  });

  it('should not wake for a rolled back transaction, nor for the next one of the same runner', () => {
    const { dataSource, runner, end } = fakes();
    const relay = { wake: jest.fn() };
    attachLocalRelay(dataSource, relay);

    wakeLocalRelaysAfterCommit(runner);
    runner.isTransactionActive = false;
    end('rollback');
    end('commit');
    expect(relay.wake).not.toHaveBeenCalled();
  });

  it('should tell the writer to NOTIFY when no relay of this process is attached, or once it detached', () => {
    const { dataSource, runner } = fakes();
    expect(wakeLocalRelaysAfterCommit(runner)).toBe(false);
    const detach = attachLocalRelay(dataSource, { wake: jest.fn() });
    expect(wakeLocalRelaysAfterCommit(runner)).toBe(true);
    detach();
    expect(wakeLocalRelaysAfterCommit(runner)).toBe(false);
  });

  it('should tell the writer to NOTIFY when the DataSource dropped the hook (initialize rebuilds its subscribers)', () => {
    const { dataSource, runner } = fakes();
    attachLocalRelay(dataSource, { wake: jest.fn() });
    dataSource.subscribers.length = 0;
    expect(wakeLocalRelaysAfterCommit(runner)).toBe(false);
  });
});
