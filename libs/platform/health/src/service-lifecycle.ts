import { Injectable } from '@nestjs/common';

export type LifecyclePhase = 'starting' | 'running' | 'draining';

/** Where the process is in its life: readiness is 503 unless `running`. Shared by the health checks and shutdown. */
@Injectable()
export class ServiceLifecycle {
  private current: LifecyclePhase = 'starting';

  get phase(): LifecyclePhase {
    return this.current;
  }

  markRunning(): void {
    if (this.current === 'starting') this.current = 'running';
  }

  /** From now on readiness answers 503 so load balancers stop sending new requests. */
  markDraining(): void {
    this.current = 'draining';
  }
}
