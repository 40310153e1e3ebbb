import { TracingConfigError, tracingSettingsFromEnv } from './tracing-settings';

describe(tracingSettingsFromEnv.name, () => {
  it('should be off without an endpoint, or with an empty one', () => {
    expect(tracingSettingsFromEnv('task-service', {})).toBeUndefined();
    expect(tracingSettingsFromEnv('task-service', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
  });

  it('should append /v1/traces to the general endpoint and name the service', () => {
    expect(tracingSettingsFromEnv('task-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' })).toEqual({
      serviceName: 'task-service',
      tracesUrl: 'http://jaeger:4318/v1/traces',
    });
  });

  it('should use the traces endpoint as it is, and OTEL_SERVICE_NAME over the default name', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/otlp/traces', OTEL_SERVICE_NAME: 'task-canary' };
    expect(tracingSettingsFromEnv('task-service', env)).toEqual({ serviceName: 'task-canary', tracesUrl: 'https://b/otlp/traces' });
  });

  it.each([
    ['OTEL_SDK_DISABLED', 'true'],
    ['OTEL_SDK_DISABLED', 'TRUE'],
    ['OTEL_TRACES_EXPORTER', 'none'],
  ])('should be off when %s=%s', (name, value) => {
    expect(tracingSettingsFromEnv('task-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', [name]: value })).toBeUndefined();
  });

  it('should stay on when OTEL_SDK_DISABLED is anything but true', () => {
    expect(tracingSettingsFromEnv('task-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'false' })).toBeDefined();
  });

  it('should refuse an endpoint that is not an http(s) URL, naming the variable without echoing the value', () => {
    const bad = () => tracingSettingsFromEnv('task-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318 secret' });
    expect(bad).toThrow(TracingConfigError);
    expect(bad).toThrow(/^OTEL_EXPORTER_OTLP_ENDPOINT must be an http/);
    expect(bad).not.toThrow(/secret/);
    expect(() => tracingSettingsFromEnv('x', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://collector:4317' })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_ENDPOINT/);
  });
});
