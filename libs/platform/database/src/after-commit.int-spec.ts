import { Logger } from '@nestjs/common';
import { createScratchDatabase, type ScratchDatabase } from '@taskhub/platform-testing';
import { DataSource, type EntityManager } from 'typeorm';
import { afterCommit } from './after-commit';
import { buildDataSourceOptions } from './data-source-options';

describe(afterCommit.name, () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  const ran: string[] = [];

  /** the rows another connection of the pool sees: what is committed */
  const committedNotes = async (): Promise<string[]> =>
    (await dataSource.query<{ text: string }[]>('SELECT text FROM note ORDER BY text')).map((r) => r.text);
  const write = (manager: EntityManager, text: string): Promise<unknown> => manager.query('INSERT INTO note (text) VALUES ($1)', [text]);

  beforeAll(async () => {
    scratch = await createScratchDatabase('after_commit');
    const options = buildDataSourceOptions(
      { service: 'user', databaseUrl: scratch.url, databasePoolMax: 4, databaseStatementTimeoutMs: 5000 },
      { migrations: [] },
    );
    dataSource = await new DataSource(options).initialize();
    await dataSource.query('CREATE TABLE note (text text NOT NULL)');
  });

  beforeEach(async () => {
    ran.length = 0;
    await dataSource.query('TRUNCATE note');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });

  it('should run the callbacks once the transaction has committed, before transaction() resolves', async () => {
    const seenByCallback: string[][] = [];

    await dataSource.transaction(async (manager) => {
      await write(manager, 'a');
      afterCommit(manager, async () => {
        seenByCallback.push(await committedNotes());
        ran.push('first');
      });
      afterCommit(manager, () => void ran.push('second'));
      expect(ran).toEqual([]);
    });

    expect(ran.sort()).toEqual(['first', 'second']);
    expect(seenByCallback).toEqual([['a']]);
  });

  it('should not run them when the transaction rolls back', async () => {
    const failing = dataSource.transaction(async (manager) => {
      await write(manager, 'a');
      afterCommit(manager, () => void ran.push('rolled back'));
      throw new Error('the handler failed');
    });

    await expect(failing).rejects.toThrow('the handler failed');
    expect(ran).toEqual([]);
    expect(await committedNotes()).toEqual([]);
  });

  it('should drop what a rolled-back savepoint registered and run the rest at the outermost commit only', async () => {
    await dataSource.transaction(async (manager) => {
      afterCommit(manager, () => void ran.push('outer'));
      await manager.transaction(async (inner) => {
        await write(inner, 'released');
        afterCommit(inner, () => void ran.push('released savepoint'));
      });
      expect(ran).toEqual([]); // releasing a savepoint is no commit
      await manager
        .transaction(async (inner) => {
          await write(inner, 'discarded');
          afterCommit(inner, () => void ran.push('rolled-back savepoint'));
          throw new Error('inner failure');
        })
        .catch(() => undefined);
      await write(manager, 'kept');
    });

    expect(ran.sort()).toEqual(['outer', 'released savepoint']);
    expect(await committedNotes()).toEqual(['kept', 'released']);
  });

  it('should log a failing callback without failing the committed transaction or the other callbacks', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await dataSource.transaction(async (manager) => {
        await write(manager, 'a');
        afterCommit(manager, () => Promise.reject(new Error('redis is away')));
        afterCommit(manager, () => void ran.push('other'));
      });

      expect(ran).toEqual(['other']);
      expect(await committedNotes()).toEqual(['a']);
      expect(logged).toHaveBeenCalledWith('an after-commit callback failed (the transaction is committed): redis is away');
    } finally {
      logged.mockRestore();
    }
  });

  it('should refuse an EntityManager that is not in a transaction, naming the fix', () => {
    expect(() => afterCommit(dataSource.manager, () => undefined)).toThrow(
      'afterCommit needs the EntityManager of an open transaction (the one dataSource.transaction(...) passes to its callback)',
    );
  });

  it('should refuse a data source that does not list the subscriber', async () => {
    const bare = await new DataSource({ type: 'postgres', url: scratch.url, poolSize: 1 }).initialize();
    try {
      const attempt = bare.transaction((manager) => Promise.resolve(afterCommit(manager, () => undefined)));
      await expect(attempt).rejects.toThrow('afterCommit: the data source has no AfterCommitSubscriber');
    } finally {
      await bare.destroy();
    }
  });
});
