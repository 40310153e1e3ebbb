import { type DataSource, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';

/**
 * The channel the relays LISTEN on. A writer with no relay of its own process on its DataSource NOTIFYs it in its
 * transaction (delivered at commit), and so does `events outbox redrive`.
 */
export const OUTBOX_CHANNEL = 'outbox_event';

/** What a relay exposes to the writers of its process. */
export interface OutboxWaker {
  wake(): void;
}

/** `QueryRunner.data` key: the open transaction wrote to the outbox (TypeORM keeps `data` for subscribers). */
const WROTE_OUTBOX = 'taskhubOutboxWritten';

/**
 * Wakes the relays of a DataSource after each outermost commit of a transaction that wrote to the outbox. A NOTIFY
 * costs more than its message: PostgreSQL serialises the commits of every transaction that notifies (one lock for
 * the whole cluster, held through the commit's WAL flush), so notifying writers lose group commit and queue behind
 * each other; a relay in the writer's own process needs no NOTIFY at all.
 */
class OutboxCommitSubscriber implements EntitySubscriberInterface {
  readonly wakers = new Set<OutboxWaker>();

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (!settled(queryRunner)) return;
    for (const waker of this.wakers) waker.wake();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    settled(queryRunner);
  }
}

/** True once an outermost transaction that wrote to the outbox has ended (a released savepoint is not its end). */
function settled(runner: QueryRunner): boolean {
  if (runner.isTransactionActive || runner.data?.[WROTE_OUTBOX] !== true) return false;
  delete runner.data[WROTE_OUTBOX];
  return true;
}

const subscribers = new WeakMap<DataSource, OutboxCommitSubscriber>();

/** The DataSource's subscriber, installed again if the DataSource rebuilt its subscriber list (on initialize). */
function subscriberOf(dataSource: DataSource): OutboxCommitSubscriber {
  let subscriber = subscribers.get(dataSource);
  if (subscriber === undefined) {
    subscriber = new OutboxCommitSubscriber();
    subscribers.set(dataSource, subscriber);
  }
  if (!dataSource.subscribers.includes(subscriber)) dataSource.subscribers.push(subscriber);
  return subscriber;
}

/** A relay of this process publishes `dataSource`'s outbox: wake it after each commit that wrote to it. Returns the detach. */
export function attachLocalRelay(dataSource: DataSource, waker: OutboxWaker): () => void {
  const subscriber = subscriberOf(dataSource);
  subscriber.wakers.add(waker);
  return () => subscriber.wakers.delete(waker);
}

/**
 * Called by the writer in its open transaction: true if a relay of this process will be woken when the transaction
 * commits; false if nobody here will, so the writer must NOTIFY.
 */
export function wakeLocalRelaysAfterCommit(runner: QueryRunner): boolean {
  const subscriber = subscribers.get(runner.connection);
  if (subscriber === undefined || subscriber.wakers.size === 0 || !runner.connection.subscribers.includes(subscriber)) return false;
  runner.data[WROTE_OUTBOX] = true;
  return true;
}

/** Wakes the relays of this process on `dataSource` now (a write that committed outside any transaction); false if none. */
export function wakeLocalRelays(dataSource: DataSource): boolean {
  const subscriber = subscribers.get(dataSource);
  if (subscriber === undefined || subscriber.wakers.size === 0 || !dataSource.subscribers.includes(subscriber)) return false;
  for (const waker of subscriber.wakers) waker.wake();
  return true;
}
