/**
 * A JWT parsed the way Kong's kong/plugins/jwt/jwt_parser.lua does it (decode_token), so the same tokens are refused
 * with the same reasons. The signature is not checked here.
 */
export interface JwtToken {
  /** base64url header and claims as sent: the signed input is `${header64}.${claims64}` */
  readonly header64: string;
  readonly claims64: string;
  readonly header: unknown;
  readonly claims: unknown;
  readonly signature: Buffer;
  readonly alg: string;
}

/** Why decode_token refused the token; Kong answers `401 {"message":"Bad token; <reason>"}`. */
export type BadTokenReason = 'invalid JSON' | 'invalid alg' | 'invalid claims' | 'invalid signature';

/** Thrown where Kong's Lua raises a runtime error (indexing a number, a boolean or null): Kong answers 500. */
export class LuaIndexError extends Error {
  override readonly name = LuaIndexError.name;
}

/** The algorithms in Kong's alg_verify table: any other alg is "invalid alg" before a credential is even looked up. */
const KNOWN_ALGORITHMS = new Set(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512']);
const BASE64 = /^[A-Za-z0-9+/]*$/;

export function decodeJwt(token: string): JwtToken | BadTokenReason {
  // tokenize(token, ".", 3): at most three parts, the third keeps any further dots
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  const header64 = first === -1 ? token : token.slice(0, first);
  const claims64 = first === -1 ? undefined : second === -1 ? token.slice(first + 1) : token.slice(first + 1, second);
  const signature64 = second === -1 ? undefined : token.slice(second + 1);
  // the three decodes run in one pcall: any failure there is "invalid JSON"
  const header = decodeJson(header64);
  if (header === INVALID) return 'invalid JSON';
  if (claims64 === undefined || signature64 === undefined) return 'invalid JSON'; // base64_decode(nil) raises
  const claims = decodeJson(claims64);
  if (claims === INVALID) return 'invalid JSON';
  const signature = base64Decode(signature64);
  const alg = luaIndex(header, 'alg');
  if (typeof alg !== 'string' || !KNOWN_ALGORITHMS.has(alg)) return 'invalid alg';
  if (claims === false) return 'invalid claims';
  if (signature === undefined) return 'invalid signature';
  return { header64, claims64, header, claims, signature, alg };
}

/**
 * `value[key]` with Lua's semantics for a cjson-decoded value: objects are tables; arrays and strings yield nil;
 * numbers, booleans and JSON null (cjson.null, a light userdata) raise.
 */
export function luaIndex(value: unknown, key: string): unknown {
  if (typeof value === 'string' || Array.isArray(value)) return undefined;
  if (typeof value !== 'object' || value === null) throw new LuaIndexError(`attempt to index a ${value === null ? 'userdata' : typeof value} value`);
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

const INVALID = Symbol('invalid');

function decodeJson(part: string): unknown {
  const bytes = base64Decode(part);
  if (bytes === undefined) return INVALID; // cjson.decode(nil) raises
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return INVALID;
  }
}

/**
 * Kong's base64_decode: pad to a multiple of 4, map the url alphabet to the standard one, then ngx.decode_base64,
 * which reads up to the first "=", refuses any other character and a length of 4n+1, and ignores what follows "=".
 */
export function base64Decode(input: string): Buffer | undefined {
  const remainder = input.length % 4;
  const padded = remainder > 0 ? input + '='.repeat(4 - remainder) : input;
  const standard = padded.replace(/-/g, '+').replace(/_/g, '/');
  const end = standard.indexOf('=');
  const data = end === -1 ? standard : standard.slice(0, end);
  if (!BASE64.test(data) || data.length % 4 === 1) return undefined;
  return Buffer.from(data, 'base64');
}
