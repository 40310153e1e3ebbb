import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carried it, flattened for assertions. */
export interface ReceivedSpan {
  readonly serviceName: string;
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP enum: 1 internal, 2 server, 3 client, 4 producer, 5 consumer */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  /** OTLP status code: 0 unset, 1 ok, 2 error */
  readonly statusCode: number;
}

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
  links?: { traceId: string; spanId: string }[];
  status?: { code?: number };
}
interface ExportTraceServiceRequest {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** An OTLP AnyValue as a plain value (`{ stringValue: 'a' }` is 'a', `{ arrayValue: { values: [...] } }` an array). */
function plain(value: Record<string, unknown>): unknown {
  const array = value.arrayValue as { values?: Record<string, unknown>[] } | undefined;
  if (array !== undefined) return (array.values ?? []).map(plain);
  return Object.values(value)[0];
}

const flatten = (attributes: OtlpAttribute[] = []): Record<string, unknown> => Object.fromEntries(attributes.map((a) => [a.key, plain(a.value)]));

/** An OTLP/HTTP receiver of the test's own: collects the JSON ExportTraceServiceRequest bodies posted to /v1/traces. */
export class OtlpReceiver {
  /** every request received, whatever its path (a process that must not export is checked against it) */
  readonly requests: { path: string; contentType: string | undefined }[] = [];
  private readonly bodies: ExportTraceServiceRequest[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const receiver: OtlpReceiver = new OtlpReceiver(
      createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          receiver.requests.push({ path: request.url ?? '', contentType: request.headers['content-type'] });
          if (request.method === 'POST' && request.url === '/v1/traces') {
            receiver.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportTraceServiceRequest);
            response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          } else {
            response.writeHead(404).end();
          }
        });
      }),
    );
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** the base URL, as OTEL_EXPORTER_OTLP_ENDPOINT */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  spans(): ReceivedSpan[] {
    return this.bodies.flatMap((body) =>
      (body.resourceSpans ?? []).flatMap((rs) => {
        const serviceName = String(flatten(rs.resource?.attributes)['service.name']);
        return (rs.scopeSpans ?? []).flatMap((ss) =>
          (ss.spans ?? []).map((s) => ({
            serviceName,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            kind: s.kind,
            attributes: flatten(s.attributes),
            links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
            statusCode: s.status?.code ?? 0,
          })),
        );
      }),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
