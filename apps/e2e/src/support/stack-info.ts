import { readFileSync } from 'node:fs';
import { type ServiceName } from '@taskhub/platform-config';

/** What the e2e global setup started, written to tmp/e2e-<runid>/stack.json for the specs (which run in workers). */
export interface E2eStackInfo {
  readonly runId: string;
  readonly root: string;
  readonly logDir: string;
  readonly kongConfigPath: string;
  /** POST {controlUrl}/faults/<name>/<cut|blackhole|restore>, POST {controlUrl}/processes/<gateway|app>/<restart|stop|start> */
  readonly controlUrl: string;
  readonly faultNames: readonly string[];
  readonly redisUrl: string;
  readonly redisKeyPrefix: string;
  readonly gateway: {
    readonly proxyUrl: string;
    readonly statusUrl: string;
    readonly logFile: string;
    readonly redisKeyPrefix: string;
  };
  /** the gateway's JWT_PUBLIC_KEYS_DIR: `<kid>.public.pem` and `<kid>.private.pem` of the one signing key */
  /** the run's signing keys (`<kid>.private.pem`, `<kid>.public.pem`): the auth service signs, everyone verifies */
  readonly jwtKeysDir: string;
  readonly services: Readonly<Record<ServiceName, E2eServiceInfo>>;
  /** the run's SMTP server (the notification service's SMTP_URL) and where it writes what it receives (e2e-mailbox.ts) */
  readonly smtpUrl: string;
  readonly mailDir: string;
}

export interface E2eServiceInfo {
  readonly app: string;
  readonly baseUrl: string;
  readonly logFile: string;
  /** the environment it was started with (to start an extra instance like it) */
  readonly env: Readonly<Record<string, string>>;
}

export const STACK_FILE_VARIABLE = 'TASKHUB_E2E_STACK_FILE';

let cached: E2eStackInfo | undefined;

export function stackInfo(): E2eStackInfo {
  if (cached) return cached;
  const file = process.env[STACK_FILE_VARIABLE];
  if (!file) {
    throw new Error(`${STACK_FILE_VARIABLE} is not set: run the e2e suite through \`npm run test:e2e\` (its global setup starts the stack)`);
  }
  cached = JSON.parse(readFileSync(file, 'utf8')) as E2eStackInfo;
  return cached;
}
