// The OpenTelemetry SDK, loaded only when tracing is on (start-tracing.ts requires this file lazily): a service that
// does not trace never loads it.
import { context, diag, type DiagLogger, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { getRPCMetadata, RPCType, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { CORRELATION_ID_REQUEST_HEADER, isUntracedPath } from './untraced-requests';

export interface InstallTracingOptions {
  readonly serviceName: string;
  /** default: a batch processor with the OTLP/HTTP exporter posting to `tracesUrl` */
  readonly spanProcessors?: readonly SpanProcessor[];
  readonly tracesUrl?: string;
  /** register the http and pg instrumentations (default true); they patch modules required from now on */
  readonly instrument?: boolean;
}

export interface InstalledTracing {
  /** the route template of the request being served: its server span is then named `<METHOD> <route>` */
  setServerRoute(route: string): void;
  forceFlush(timeoutMs: number): Promise<void>;
  /** flushes, stops the processors and unregisters everything */
  shutdown(timeoutMs: number): Promise<void>;
}

/**
 * Registers the global tracer provider (resource `service.name` plus OTEL_RESOURCE_ATTRIBUTES, sampler from
 * OTEL_TRACES_SAMPLER, batch limits from OTEL_BSP_*), the AsyncLocalStorage context manager, the W3C trace-context
 * propagator, and the http and pg instrumentations.
 */
export function installTracing(options: InstallTracingOptions): InstalledTracing {
  const spanProcessors = options.spanProcessors ?? [new BatchSpanProcessor(new OTLPTraceExporter({ url: options.tracesUrl }))];
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [...spanProcessors] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  diag.setLogger(rateLimitedStderr(options.serviceName), DiagLogLevel.WARN);
  const unregister =
    options.instrument === false
      ? () => undefined
      : registerInstrumentations({
          tracerProvider: provider,
          instrumentations: [
            new HttpInstrumentation({
              // probes and scrapes every few seconds would bury the traces worth reading
              ignoreIncomingRequestHook: (request) => isUntracedPath(request.url ?? '/'),
              requireParentforOutgoingSpans: true,
              headersToSpanAttributes: { server: { requestHeaders: [CORRELATION_ID_REQUEST_HEADER] } },
            }),
            // no root spans for queries outside any trace (health checks, the relay's polls, LISTEN); no bind values
            // (they hold e-mail addresses and password hashes)
            new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
          ],
        });
  const bounded = (work: Promise<void>, timeoutMs: number): Promise<void> =>
    Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  return {
    setServerRoute: (route) => {
      const metadata = getRPCMetadata(context.active());
      if (metadata?.type === RPCType.HTTP) metadata.route = route;
    },
    forceFlush: (timeoutMs) => bounded(provider.forceFlush(), timeoutMs),
    shutdown: async (timeoutMs) => {
      unregister();
      await bounded(provider.shutdown(), timeoutMs);
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}

/** The SDK's own warnings (an unreachable collector, a full queue) as JSON lines on stderr, at most one per 10 s. */
function rateLimitedStderr(serviceName: string): DiagLogger {
  let last = 0;
  const write = (level: string) => (message: string, ...args: unknown[]) => {
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    const detail = args.flatMap((a) => (a instanceof Error ? [a.message] : typeof a === 'string' ? [a] : [])).join(' ');
    const line = { level, time: new Date(now).toISOString(), service: serviceName, msg: `opentelemetry: ${message}${detail ? ` ${detail}` : ''}` };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  const ignore = (): void => undefined;
  return { error: write('error'), warn: write('warn'), info: ignore, debug: ignore, verbose: ignore };
}
