import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { InstalledTracing } from './sdk';
import { TracingConfigError, type TracingSettings, tracingSettingsFromEnv } from './tracing-settings';

export interface StartTracingOptions {
  /** resource `service.name` unless OTEL_SERVICE_NAME is set, e.g. `task-service` */
  readonly serviceName: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface EnableTracingOptions {
  readonly serviceName: string;
  /** default: a batch processor with the OTLP/HTTP exporter */
  readonly spanProcessors?: readonly SpanProcessor[];
  readonly tracesUrl?: string;
  /** register the http and pg instrumentations (default true) */
  readonly instrument?: boolean;
}

let installed: InstalledTracing | undefined;

/** True once tracing is on in this process: the messaging and HTTP code create spans only then. */
export function isTracingEnabled(): boolean {
  return installed !== undefined;
}

/**
 * The first statement of a service's main.ts (`import './tracing'`): with OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) set, and OTEL_SDK_DISABLED not `true`, registers the tracer provider, the
 * exporter and the http and pg instrumentations, which patch `http` and `pg` as they are required afterwards.
 * Without the variable it does nothing and loads nothing. Returns whether tracing is on. A malformed endpoint stops
 * the process with exit code 1 and one line naming the variable, as a malformed service variable does.
 */
export function startTracing(options: StartTracingOptions): boolean {
  if (installed) return true;
  let settings: TracingSettings | undefined;
  try {
    settings = tracingSettingsFromEnv(options.serviceName, options.env);
  } catch (error) {
    if (!(error instanceof TracingConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  if (!settings) return false;
  enableTracing({ serviceName: settings.serviceName, tracesUrl: settings.tracesUrl });
  return true;
}

/** Turns tracing on with explicit settings (startTracing reads them from the environment; tests pass their processor). */
export function enableTracing(options: EnableTracingOptions): void {
  if (installed) throw new Error('tracing is already on in this process');
  // the SDK is loaded here, not at import time: a process that does not trace never loads it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./sdk') as typeof import('./sdk');
  installed = sdk.installTracing(options);
}

/**
 * Records the route template (`/api/v1/tasks/:id`) of the request being served: its server span gets `http.route` and
 * the name `<METHOD> <route>` when the response ends. Nothing when tracing is off.
 */
export function setServerRoute(route: string | undefined): void {
  if (route !== undefined) installed?.setServerRoute(route);
}

/** Exports the spans still buffered (bounded by `timeoutMs`); nothing when tracing is off. */
export async function flushTracing(timeoutMs = 5_000): Promise<void> {
  await installed?.forceFlush(timeoutMs);
}

/** Flushes and turns tracing off (the last step of a graceful shutdown); nothing when tracing is off. */
export async function shutdownTracing(timeoutMs = 5_000): Promise<void> {
  const current = installed;
  installed = undefined;
  await current?.shutdown(timeoutMs);
}
