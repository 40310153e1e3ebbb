import { HEADER_TOO_LARGE } from './header-limits';
import { KONG_SERVER, type KongError, kongError } from './kong-errors';

const BAD_REQUEST = kongError(400, 'Bad request');
const REQUEST_TIMEOUT = kongError(408, 'Request timeout');

/**
 * What the gateway writes on the socket when Node refuses a request (its `clientError`): headers over
 * `maxHeaderSize` get 431 like an oversized line, a client too slow for the headers or request timeout 408,
 * anything else malformed 400. The connection is closed after it.
 */
export function clientErrorResponse(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return render(HEADER_TOO_LARGE);
  return render(code === 'ERR_HTTP_REQUEST_TIMEOUT' ? REQUEST_TIMEOUT : BAD_REQUEST);
}

function render(error: KongError): string {
  const reason = STATUS_TEXT[error.status] ?? '';
  const head = `HTTP/1.1 ${error.status} ${reason}\r\nServer: ${KONG_SERVER}\r\nContent-Type: application/json; charset=utf-8\r\n`;
  return `${head}Content-Length: ${error.body.length}\r\nConnection: close\r\n\r\n${error.body.toString('latin1')}`;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
