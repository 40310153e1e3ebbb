import { setTimeout as sleep } from 'node:timers/promises';

/**
 * An answer that comes no sooner than `floorMs` after the request arrived, whatever work it did (OWASP Forgot Password
 * and Authentication Cheat Sheets: consistent responses in a consistent time). The work is done before answering,
 * so nothing accepted is lost and an outage is still a 503; `wait` reports a request that took longer than the
 * floor (its time may then tell the paths apart).
 */
export class ResponseFloor {
  private constructor(
    private readonly floorMs: number,
    private readonly startedAt: number,
  ) {}

  static start(floorMs: number, now = performance.now()): ResponseFloor {
    return new ResponseFloor(floorMs, now);
  }

  /** How long is left to wait at `now` (0 once past the floor). */
  remainingMs(now = performance.now()): number {
    return Math.max(0, this.floorMs - (now - this.startedAt));
  }

  async wait(overrun: (elapsedMs: number) => void): Promise<void> {
    const elapsedMs = performance.now() - this.startedAt;
    if (elapsedMs < this.floorMs) await sleep(this.floorMs - elapsedMs);
    else if (this.floorMs > 0) overrun(elapsedMs);
  }
}
