import { type Workload } from '../task-reads/workload';

/** The bench's users and what they may read and write, with a valid access token for each. */
export interface BenchData {
  readonly workload: Workload;
  /** how long seeding (scratch) or finding and making the bench's rows (running) took */
  readonly seedMs: number;
  /** `Bearer <token>` for one of the workload's users, valid now */
  authorization(userId: string): string;
}

/**
 * The TaskHub a run measures: a scratch stack the bench starts and drops (stack.ts), or a running one it attaches to
 * (running/running-stack.ts). The scenarios see only this.
 */
export interface BenchTarget {
  readonly kind: 'scratch' | 'running';
  readonly gatewayUrl: string;
  /** a gateway balancing two task-service instances; '' when there is none (a running stack) */
  readonly gatewayTwoTasksUrl: string;
  readonly taskServiceUrl: string;
  readonly data: BenchData;
  /** pid per process label, for the CPU figures */
  readonly pids: Map<string, number>;
  stop(): Promise<void>;
}
