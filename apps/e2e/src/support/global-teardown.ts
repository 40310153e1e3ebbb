import { type E2eStack } from './e2e-stack';

/** Stops every process of the run and drops its databases, roles, vhost and Redis keys (logs stay in tmp/). */
export default async function e2eGlobalTeardown(): Promise<void> {
  const holder = globalThis as { __TASKHUB_E2E_STACK__?: E2eStack };
  const stack = holder.__TASKHUB_E2E_STACK__;
  holder.__TASKHUB_E2E_STACK__ = undefined;
  await stack?.stop();
}
