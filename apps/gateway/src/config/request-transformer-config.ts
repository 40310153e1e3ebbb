import { type Fields } from './fields';
import { type RequestTransformerConfig } from './gateway-config';

/** RFC 9110 token: the characters a header name may have */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** headers the local gateway sets itself after the plugins ran; removing them would not behave as in Kong */
const GATEWAY_SET = new Set(['host', 'x-real-ip', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-path', 'x-forwarded-prefix']);
const OPERATIONS = ['rename', 'replace', 'add', 'append'] as const;
const TARGETS = ['headers', 'querystring', 'body'] as const;

/**
 * Kong's request-transformer (kong/plugins/request-transformer/access.lua) for the one operation implemented:
 * `remove.headers`, matched case-insensitively. Every other operation must be absent or empty (decK writes the empty
 * defaults), else it is refused.
 */
export function requestTransformerConfig(c: Fields): RequestTransformerConfig {
  c.refuse('http_method', 'is not implemented (only remove.headers is)');
  const removeHeaders: string[] = [];
  const remove = c.object('remove');
  if (remove) {
    for (const name of remove.stringArray('headers') ?? []) {
      if (!HEADER_NAME.test(name)) remove.fail('headers', `entry "${name}" is not a header name (a value after ":" is meaningless for remove)`);
      const lower = name.toLowerCase();
      if (GATEWAY_SET.has(lower)) {
        remove.fail('headers', `entry "${name}" is a header the local gateway sets after the plugins ran; removing it is not implemented`);
      }
      if (!removeHeaders.includes(lower)) removeHeaders.push(lower);
    }
    for (const field of ['querystring', 'body']) mustBeEmpty(remove, field, `remove.${field}`);
    remove.done();
  }
  for (const operation of OPERATIONS) {
    const f = c.object(operation);
    if (!f) continue;
    for (const target of TARGETS) mustBeEmpty(f, target, `${operation}.${target}`);
    if (operation === 'replace') f.refuse('uri', 'is not implemented (only remove.headers is)');
    f.done();
  }
  c.done();
  return { removeHeaders };
}

function mustBeEmpty(f: Fields, field: string, label: string): void {
  const values = f.stringArray(field);
  if (values && values.length > 0) f.fail(field, `(${label}) is not implemented by the local gateway (only remove.headers is)`);
}
