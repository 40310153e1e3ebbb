import { Injectable } from '@nestjs/common';
import { DependencyUnavailableException } from '@taskhub/platform-errors';

/**
 * How long a create may wait for its turn before it answers 503. Longer than the pool's 2 s connect timeout, which
 * means "the database is not answering": here the database answers, one create of the project at a time, and 50
 * concurrent creates in one project on a loaded 2-core machine take several seconds in all.
 */
export const CREATE_QUEUE_WAIT_MS = 10_000;

/**
 * The task creates of one project, one after another in this process. Every create locks its project's row until
 * commit (the gap-free number), so creates in one project run one at a time whatever happens here; what this adds is
 * where the others wait: in memory, not on the row lock while holding a pool connection. Without it, a few busy
 * projects' waiters take every connection of the pool and creates in other projects time out behind them. Instances
 * still serialise on the row lock (correctness never depends on this queue). A create whose turn comes after
 * CREATE_QUEUE_WAIT_MS answers 503 DEPENDENCY.UNAVAILABLE without running.
 */
@Injectable()
export class ProjectCreateQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `work` once the project's creates before it are done. `work` may hand the turn on early by calling the
   * `done` it is given (at its commit, before what runs after the commit); otherwise the turn ends when it settles.
   */
  run<T>(projectId: string, work: (done: () => void) => Promise<T>, maxWaitMs = CREATE_QUEUE_WAIT_MS): Promise<T> {
    const key = projectId.toLowerCase();
    const queued = performance.now();
    let done!: () => void;
    const turnOver = new Promise<void>((resolve) => (done = resolve));
    const turn = (): Promise<T> => {
      if (performance.now() - queued > maxWaitMs) throw new DependencyUnavailableException('too many creates are waiting for this project, retry later', 1);
      return work(done);
    };
    const result = (this.tails.get(key) ?? Promise.resolve()).then(turn);
    result.then(done, done);
    this.tails.set(key, turnOver);
    void turnOver.then(() => {
      if (this.tails.get(key) === turnOver) this.tails.delete(key);
    });
    return result;
  }
}
