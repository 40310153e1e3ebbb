import { readdirSync } from 'node:fs';
import { accessClaims, signRs256 } from '@taskhub/platform-testing';
import { seedTasks } from '@taskhub/tooling-seed';
import { Client } from 'pg';
import { loadWorkload, type Workload } from '../task-reads/workload';

/** Access tokens live 15 minutes, and the gateway refuses an exp further away than 960 s: sign again after 10. */
const TOKEN_TTL_SECONDS = 900;
const TOKEN_RENEW_AFTER_MS = 600_000;
/** single-task reads per seeded project the scenarios pick from */
const TASKS_PER_PROJECT = 200;

export interface SeededData {
  readonly workload: Workload;
  readonly seedMs: number;
  /** `Bearer <token>` for a seeded user (RS256 with the run's key; a fresh one once the last is 10 minutes old) */
  authorization(userId: string): string;
}

/**
 * The task database filled by the seed script (tools/seed: people, Zipf-sized projects, members, labels, tasks,
 * assignees, comments), then the members of `projects` seeded projects as the bench's users.
 */
export async function seedBenchData(databaseUrl: string, keysDir: string, options: { tasks: number; seed: number; projects: number }): Promise<SeededData> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let workload: Workload;
  const began = Date.now();
  try {
    await seedTasks(client, { tasks: options.tasks, seed: options.seed });
    workload = await loadWorkload(client, options.projects, TASKS_PER_PROJECT);
  } finally {
    await client.end();
  }
  const kid = readdirSync(keysDir)
    .find((f) => f.endsWith('.private.pem'))
    ?.replace(/\.private\.pem$/, '');
  if (!kid) throw new Error(`no <kid>.private.pem in ${keysDir}`);
  const tokens = new Map<string, { value: string; at: number }>();
  return {
    workload,
    seedMs: Date.now() - began,
    authorization: (userId) => {
      const cached = tokens.get(userId);
      if (cached && Date.now() - cached.at < TOKEN_RENEW_AFTER_MS) return cached.value;
      const value = `Bearer ${signRs256(keysDir, kid, { payload: accessClaims(userId, {}, TOKEN_TTL_SECONDS) })}`;
      tokens.set(userId, { value, at: Date.now() });
      return value;
    },
  };
}
