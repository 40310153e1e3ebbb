/** What `startTracing` needs once it has decided to trace. */
export interface TracingSettings {
  /** resource `service.name` */
  readonly serviceName: string;
  /** where the OTLP/HTTP (JSON) exporter posts spans */
  readonly tracesUrl: string;
}

/** A malformed OTEL_* variable: the service refuses to start, naming it. */
export class TracingConfigError extends Error {
  override readonly name = 'TracingConfigError';
}

/**
 * Reads the SDK's standard variables (an empty variable counts as unset, as for the service config):
 * - tracing is on when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (with
 *   `/v1/traces` appended) is set, unless `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`;
 * - `service.name` is `OTEL_SERVICE_NAME`, else `defaultServiceName`.
 * Returns undefined when tracing is off; throws TracingConfigError on an endpoint that is not an http(s) URL (without
 * echoing it: an endpoint URL may carry credentials).
 */
export function tracingSettingsFromEnv(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): TracingSettings | undefined {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  if (read('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  if (read('OTEL_TRACES_EXPORTER')?.toLowerCase() === 'none') return undefined;
  const specific = read('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const general = read('OTEL_EXPORTER_OTLP_ENDPOINT');
  let tracesUrl: string;
  if (specific !== undefined) {
    tracesUrl = httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific);
  } else if (general !== undefined) {
    const base = httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', general);
    tracesUrl = `${base.replace(/\/+$/, '')}/v1/traces`;
  } else {
    return undefined;
  }
  return { serviceName: read('OTEL_SERVICE_NAME') ?? defaultServiceName, tracesUrl };
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TracingConfigError(`${name} must be an http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TracingConfigError(`${name} must be an http:// or https:// URL (got ${url.protocol})`);
  }
  return value;
}
