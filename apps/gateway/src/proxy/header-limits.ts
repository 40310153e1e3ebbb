import { type IncomingMessage } from 'node:http';
import { kongError, type KongError } from './kong-errors';

/** nginx's `large_client_header_buffers 4 8k` (Kong's default): the size of one buffer, which one line must fit. */
export const HEADER_LINE_MAX_BYTES = 8 * 1024;
/** ... and the number of buffers: the request line and every header together (Node's `maxHeaderSize`). */
export const HEADER_SECTION_MAX_BYTES = 4 * HEADER_LINE_MAX_BYTES;

/** nginx answers 400 with Kong's "Request header or cookie too large"; the gateway uses RFC 6585's status for it. */
export const HEADER_TOO_LARGE = kongError(431, 'Request header or cookie too large');
export const URI_TOO_LONG = kongError(414, 'URI too long');

/**
 * The refusal for a request line or one header line that would not fit one of nginx's buffers (`\r\n` included),
 * or undefined. Node has only the total (`maxHeaderSize`), so the lines are measured here, before any plugin reads
 * a header; values are latin1 strings, so their length is their size in bytes.
 */
export function oversizedLine(req: IncomingMessage): KongError | undefined {
  const requestLine = (req.method?.length ?? 0) + (req.url?.length ?? 0) + ' HTTP/1.1\r\n'.length + 1;
  if (requestLine > HEADER_LINE_MAX_BYTES) return URI_TOO_LONG;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length + raw[i + 1].length + 4 > HEADER_LINE_MAX_BYTES) return HEADER_TOO_LARGE;
  }
  return undefined;
}
