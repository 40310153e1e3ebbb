import { Injectable } from '@nestjs/common';

export type LifecyclePhase = 'starting' | 'running' | 'draining';

/** Where the process is in its life: readiness is 503 unless `running`. Shared by the health checks and shutdown. */
@Injectable()
export class ServiceLifecycle {
  private current: LifecyclePhase = 'starting';
  private readonly holds = new Set<string>();

  get phase(): LifecyclePhase {
    return this.current;
  }

  /** what readiness still waits for (names given to `holdReadinessUntil`) */
  get pendingWork(): string[] {
    return [...this.holds];
  }

  /**
   * Readiness stays 503 until `work` settles (fulfilled or not), e.g. cache warming started at bootstrap: the instance
   * listens (liveness answers) but gets no traffic before it. Bound `work` in time yourself.
   */
  holdReadinessUntil(name: string, work: Promise<unknown>): void {
    this.holds.add(name);
    void work.then(
      () => this.holds.delete(name),
      () => this.holds.delete(name),
    );
  }

  markRunning(): void {
    if (this.current === 'starting') this.current = 'running';
  }

  /** From now on readiness answers 503 so load balancers stop sending new requests. */
  markDraining(): void {
    this.current = 'draining';
  }
}
