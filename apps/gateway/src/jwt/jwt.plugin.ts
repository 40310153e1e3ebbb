import { verify } from 'node:crypto';
import { type JwtConfig } from '../config/gateway-config';
import { kongJsonError, type KongError } from '../proxy/kong-errors';
import { type JwtCredential, type JwtCredentials } from './jwt-credentials';
import { type BadTokenReason, decodeJwt, type JwtToken, luaIndex, LuaIndexError } from './jwt-token';
import { retrieveToken, type TokenSources } from './token-retrieval';

/**
 * Headers for the upstream request once a token is verified (kong.service.request.set_header), flat
 * [name, value, ...]; whatever the client sent under any IDENTITY_HEADERS name is not passed on (set or cleared).
 */
export type UpstreamIdentity = readonly string[];

/** set_consumer sets or clears each of these (lower-case) */
export const IDENTITY_HEADERS: ReadonlySet<string> = new Set(['x-consumer-id', 'x-consumer-custom-id', 'x-consumer-username', 'x-credential-identifier', 'x-anonymous-consumer']);

export type JwtOutcome =
  /** OPTIONS with run_on_preflight false: Kong's jwt does nothing */
  | { readonly kind: 'skipped' }
  | { readonly kind: 'authenticated'; readonly identity: UpstreamIdentity; readonly credential: JwtCredential }
  | { readonly kind: 'rejected'; readonly error: KongError }
  /** where Kong raises a Lua error: 500 {"message":"An unexpected error occurred"} */
  | { readonly kind: 'failed' };

const SKIPPED: JwtOutcome = { kind: 'skipped' };
/** tokens whose signature was verified, by credential; an RS256 verification costs tens of microseconds */
const VERIFIED_CACHE_SIZE = 10_000;
const FAILED: JwtOutcome = { kind: 'failed' };

/**
 * Kong's jwt plugin (kong/plugins/jwt/handler.lua, access phase) for RS256 credentials, with Kong's statuses and
 * bodies: every refusal is 401 with `{"message": ...}`, or with the claim errors as the body.
 */
export class JwtPlugin {
  private readonly rejections: Readonly<Record<string, JwtOutcome>>;
  private readonly identities = new WeakMap<JwtCredential, UpstreamIdentity>();
  /**
   * signed token -> the credential that verified its signature. The same bytes under the same key verify the same way, so a
   * hit skips only the RSA operation (claims are checked every time); a replaced credential is a new object and misses.
   */
  private readonly verified = new Map<string, JwtCredential>();

  constructor(
    readonly config: JwtConfig,
    private readonly credentials: JwtCredentials,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    const claim = config.keyClaimName;
    const messages = [
      'Unauthorized',
      'Multiple tokens provided',
      'Unrecognizable token',
      `No mandatory '${claim}' in claims`,
      `Invalid '${claim}' in claims`,
      `No credentials found for given '${claim}'`,
      'Invalid algorithm',
      'Invalid signature',
      ...(['invalid JSON', 'invalid alg', 'invalid claims', 'invalid signature'] satisfies BadTokenReason[]).map((r) => `Bad token; ${r}`),
    ];
    this.rejections = Object.fromEntries(messages.map((m) => [m, reject({ message: m })]));
  }

  access(method: string, sources: TokenSources): JwtOutcome | Promise<JwtOutcome> {
    if (!this.config.runOnPreflight && method === 'OPTIONS') return SKIPPED;
    const retrieved = retrieveToken(this.config, sources);
    switch (retrieved.kind) {
      case 'none':
        return this.rejections.Unauthorized;
      case 'several':
        return this.rejections['Multiple tokens provided'];
      case 'unrecognizable':
        return this.rejections['Unrecognizable token'];
      case 'one':
        break;
    }
    const token = decodeJwt(retrieved.token);
    if (typeof token === 'string') return this.rejections[`Bad token; ${token}`];
    let key: string | null;
    try {
      const found = this.secretKey(token);
      if (found === undefined) return this.rejections[`No mandatory '${this.config.keyClaimName}' in claims`];
      if (found === '') return this.rejections[`Invalid '${this.config.keyClaimName}' in claims`];
      key = found;
    } catch (error) {
      if (error instanceof LuaIndexError) return FAILED;
      throw error;
    }
    const credential = key === null ? undefined : this.credentials.get(key);
    const refresh = this.credentials.refreshForUnknownKey;
    if (credential === undefined && key !== null && refresh) {
      const known = key;
      return refresh().then(
        () => this.verify(token, this.credentials.get(known)),
        () => this.verify(token, undefined),
      );
    }
    return this.verify(token, credential);
  }

  /**
   * `claims[key_claim_name] or header[key_claim_name]` (Lua: nil and false fall through). Returns undefined when
   * absent, null for a value no credential key can equal; numbers are looked up as Lua's tostring writes them.
   */
  private secretKey(token: JwtToken): string | null | undefined {
    const name = this.config.keyClaimName;
    let value = luaIndex(token.claims, name);
    if (value === undefined || value === false) value = luaIndex(token.header, name);
    if (value === undefined || value === false) return undefined;
    if (typeof value === 'string') return value;
    return typeof value === 'number' ? String(value) : null;
  }

  private verify(token: JwtToken, credential: JwtCredential | undefined): JwtOutcome {
    if (credential === undefined) return this.rejections[`No credentials found for given '${this.config.keyClaimName}'`];
    if (token.alg !== credential.algorithm) return this.rejections['Invalid algorithm'];
    // keyed by the signed input and the decoded signature: what Kong's base64 decoding ignores (text after "=") cannot
    // turn one valid token into many cache entries
    const cacheKey = `${token.header64}.${token.claims64}.${token.signature.toString('base64url')}`;
    if (this.verified.get(cacheKey) !== credential) {
      if (!signatureValid(token, credential)) return this.rejections['Invalid signature'];
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cacheKey, credential);
    }
    try {
      const errors = this.claimErrors(token.claims);
      if (errors) return reject(errors);
    } catch (error) {
      if (error instanceof LuaIndexError) return FAILED;
      throw error;
    }
    return { kind: 'authenticated', identity: this.identityOf(credential), credential };
  }

  /** verify_registered_claims, then check_maximum_expiration (jwt_parser.lua); undefined when all pass */
  private claimErrors(claims: unknown): Record<string, string> | undefined {
    const now = this.nowSeconds();
    const errors: Record<string, string> = {};
    let failed = false;
    for (const claim of this.config.claimsToVerify) {
      const value = luaIndex(claims, claim);
      if (typeof value !== 'number') errors[claim] = 'must be a number';
      else if (claim === 'exp' && value <= now) errors[claim] = 'token expired';
      else if (claim === 'nbf' && value > now) errors[claim] = 'token not valid yet';
      else continue;
      failed = true;
    }
    if (failed) return errors;
    if (this.config.maximumExpiration > 0) {
      const exp = luaIndex(claims, 'exp');
      if (typeof exp !== 'number' || exp - now > this.config.maximumExpiration) return { exp: 'exceeds maximum allowed expiration' };
    }
    return undefined;
  }

  /** set_consumer: X-Consumer-ID / -Custom-ID / -Username (cleared when the consumer has none), X-Credential-Identifier; X-Anonymous-Consumer cleared */
  private identityOf(credential: JwtCredential): UpstreamIdentity {
    const known = this.identities.get(credential);
    if (known) return known;
    const set = ['X-Consumer-ID', credential.consumer.id];
    if (credential.consumer.customId !== undefined) set.push('X-Consumer-Custom-ID', credential.consumer.customId);
    if (credential.consumer.username !== undefined) set.push('X-Consumer-Username', credential.consumer.username);
    set.push('X-Credential-Identifier', credential.key);
    this.identities.set(credential, set);
    return set;
  }
}

function reject(body: object): JwtOutcome {
  return { kind: 'rejected', error: kongJsonError(401, body) };
}

/** RS256: RSASSA-PKCS1-v1_5 with SHA-256 over "<header64>.<claims64>" as sent */
function signatureValid(token: JwtToken, credential: JwtCredential): boolean {
  try {
    return verify('sha256', Buffer.from(`${token.header64}.${token.claims64}`), credential.publicKey, token.signature);
  } catch {
    return false;
  }
}
