import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { KONG_SERVER } from '../proxy/kong-errors';

export interface StatusSource {
  /** Kong's GET /status body */
  status(): object;
  /** Prometheus text exposition */
  metrics(): string;
  ready(): boolean;
}

/** Kong's status listener: GET /status, GET /status/ready and GET /metrics (prometheus plugin). */
export function createStatusServer(source: StatusSource): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'application/json; charset=utf-8', '{"message":"Method not allowed"}');
    switch (path) {
      case '/status':
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(source.status()));
      case '/status/ready':
        return source.ready()
          ? send(res, 200, 'application/json; charset=utf-8', '{"message":"ready"}')
          : send(res, 503, 'application/json; charset=utf-8', '{"message":"no configuration available (empty configuration present)"}');
      case '/metrics':
        return send(res, 200, 'text/plain; charset=UTF-8', source.metrics());
      default:
        return send(res, 404, 'application/json; charset=utf-8', '{"message":"Not found"}');
    }
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), Server: KONG_SERVER });
  res.end(body);
}
