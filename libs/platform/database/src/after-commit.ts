import { Logger } from '@nestjs/common';
import {
  type EntityManager,
  EventSubscriber,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
  type TransactionStartEvent,
} from 'typeorm';

/** What runs once a transaction has committed; a failure is logged, never thrown into the committed transaction. */
export type AfterCommitCallback = () => void | Promise<void>;

interface Registered {
  /** the depth of the savepoint it belongs to: registered in, or released into; rolling that back takes it along */
  depth: number;
  readonly fn: AfterCommitCallback;
}

interface OpenTransaction {
  /** 1 in the transaction, +1 per savepoint (mirrors the query runner's own count) */
  depth: number;
  readonly callbacks: Registered[];
}

/**
 * Follows the transactions of its data source (TypeORM subscriber, listed by `buildDataSourceOptions`) and runs what
 * `afterCommit` registered once the outermost transaction commits; drops it when the transaction, or the savepoint it
 * was registered in, rolls back. Keyed on the transaction's QueryRunner, so it holds for `dataSource.transaction(...)`,
 * nested `manager.transaction(...)` savepoints and the event consumer's batch transactions alike. TypeORM only takes
 * decorated subscribers, and keeps one instance per class for every data source (hence the WeakMap by query runner).
 */
@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  private readonly logger = new Logger('AfterCommit');
  private readonly open = new WeakMap<QueryRunner, OpenTransaction>();

  /** Registers `fn` on the open transaction of `queryRunner`; see `afterCommit`. */
  register(queryRunner: QueryRunner, fn: AfterCommitCallback): void {
    const transaction = this.open.get(queryRunner);
    if (!transaction) throw new Error('afterCommit: this transaction began before the AfterCommitSubscriber was registered on its data source');
    transaction.callbacks.push({ depth: transaction.depth, fn });
  }

  afterTransactionStart({ queryRunner }: TransactionStartEvent): void {
    const transaction = this.open.get(queryRunner);
    if (transaction) transaction.depth += 1;
    else this.open.set(queryRunner, { depth: 1, callbacks: [] });
  }

  /**
   * Awaited by TypeORM's commitTransaction, so `dataSource.transaction(...)` resolves after the callbacks have run:
   * code after it (the writer's next read) sees their effect. They run together; keep them short.
   */
  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> | undefined {
    const transaction = this.open.get(queryRunner);
    if (!transaction) return undefined;
    transaction.depth -= 1;
    if (transaction.depth > 0) {
      // a savepoint released: its callbacks now belong to the enclosing level and wait for the outermost commit
      for (const callback of transaction.callbacks) callback.depth = Math.min(callback.depth, transaction.depth);
      return undefined;
    }
    this.open.delete(queryRunner);
    // no promise when there is nothing to run: the broadcaster then has nothing to await on the commit path
    if (transaction.callbacks.length === 0) return undefined;
    return Promise.all(transaction.callbacks.map(({ fn }) => this.runSafely(fn))).then(() => undefined);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    const transaction = this.open.get(queryRunner);
    if (!transaction) return;
    transaction.depth -= 1;
    if (transaction.depth === 0) {
      this.open.delete(queryRunner);
      return;
    }
    // a savepoint rolled back: what was registered inside it goes with it, the rest waits for the outermost commit
    const kept = transaction.callbacks.filter((c) => c.depth <= transaction.depth);
    transaction.callbacks.splice(0, transaction.callbacks.length, ...kept);
  }

  private async runSafely(fn: AfterCommitCallback): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.logger.error(`an after-commit callback failed (the transaction is committed): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Runs `fn` once the transaction of `manager` has committed (awaited before `dataSource.transaction(...)` resolves);
 * never if it rolls back. Throws if `manager` is not the EntityManager of an open transaction, or if its data source
 * does not list AfterCommitSubscriber (`buildDataSourceOptions` does).
 */
export function afterCommit(manager: EntityManager, fn: AfterCommitCallback): void {
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new Error('afterCommit needs the EntityManager of an open transaction (the one dataSource.transaction(...) passes to its callback)');
  }
  const subscriber = manager.connection.subscribers.find((s): s is AfterCommitSubscriber => s instanceof AfterCommitSubscriber);
  if (!subscriber) {
    throw new Error('afterCommit: the data source has no AfterCommitSubscriber (build its options with buildDataSourceOptions, or list it in `subscribers`)');
  }
  subscriber.register(queryRunner, fn);
}
