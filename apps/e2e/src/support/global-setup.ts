import { E2eStack } from './e2e-stack';

/**
 * Starts TaskHub for the e2e run (see E2eStack). The stack lives in this process (the fault proxies and their control
 * server with it); the specs find it through tmp/e2e-<runid>/stack.json (TASKHUB_E2E_STACK_FILE).
 */
export default async function e2eGlobalSetup(): Promise<void> {
  (globalThis as { __TASKHUB_E2E_STACK__?: E2eStack }).__TASKHUB_E2E_STACK__ = await E2eStack.start();
}
