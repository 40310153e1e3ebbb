import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServiceName } from '@taskhub/platform-config';

/**
 * Names of the per-run resources the integration and e2e suites create. One run id (8 hex chars) marks all of them,
 * so a run's leftovers can be found and dropped, and two runs never collide.
 */
const RUN_ID = /^[0-9a-f]{8}$/;

export function createRunId(): string {
  return randomBytes(4).toString('hex');
}

export function assertRunId(runId: string): string {
  if (!RUN_ID.test(runId)) throw new Error(`invalid test run id "${runId}": expected 8 lowercase hex characters`);
  return runId;
}

/** Database and role of one service for one run: taskhub_test_<runid>_<service>. */
export function testDatabaseName(runId: string, service: ServiceName): string {
  return `taskhub_test_${assertRunId(runId)}_${service}`;
}

/** A throw-away database a test may create; dropped with the run by the global teardown. */
export function scratchDatabaseName(runId: string, label: string): string {
  if (!/^[a-z0-9_]{1,30}$/.test(label)) throw new Error(`invalid scratch database label "${label}": use [a-z0-9_], max 30`);
  return `taskhub_test_${assertRunId(runId)}_${label}`;
}

export function testVhostName(runId: string): string {
  return `taskhub_test_${assertRunId(runId)}`;
}

export function testRedisKeyPrefix(runId: string): string {
  return `taskhub_test_${assertRunId(runId)}:`;
}

/** The run's signing keys (a fresh RSA key pair per run), in the system temp folder; removed with the run. */
export function testJwtKeysDir(runId: string): string {
  return path.join(tmpdir(), `taskhub_test_${assertRunId(runId)}_jwt-keys`);
}

/** The guard every piece of code that creates or drops a test database goes through. */
export function assertTestDatabaseName(name: string): string {
  if (!name.includes('_test_')) {
    throw new Error(`refusing to touch database or role "${name}": test resources must have "_test_" in their name`);
  }
  return name;
}
