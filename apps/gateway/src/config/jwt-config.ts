import { ConfigError } from './config-error';
import { type Fields } from './fields';
import { type JwtClaim, type JwtConfig } from './gateway-config';

const CLAIMS: readonly JwtClaim[] = ['exp', 'nbf'];
/** kong/plugins/jwt/schema.lua: maximum_expiration is between 0 and 31536000 (a year) */
const MAX_EXPIRATION = 31_536_000;

/** Kong's jwt plugin schema and defaults; what the local gateway does not implement is refused. */
export function jwtConfig(c: Fields): JwtConfig {
  const claims = c.stringArray('claims_to_verify') ?? [];
  for (const claim of claims) if (!(CLAIMS as readonly string[]).includes(claim)) c.fail('claims_to_verify', `entry "${claim}" is not one of exp, nbf`);
  const config: JwtConfig = {
    uriParamNames: unique(c.stringArray('uri_param_names') ?? ['jwt']),
    cookieNames: unique(c.stringArray('cookie_names') ?? []),
    headerNames: unique((c.stringArray('header_names') ?? ['authorization']).map((h) => h.toLowerCase())),
    keyClaimName: c.string('key_claim_name', 'iss'),
    claimsToVerify: unique(claims) as JwtClaim[],
    maximumExpiration: c.number('maximum_expiration', 0, { min: 0, max: MAX_EXPIRATION }),
    runOnPreflight: c.boolean('run_on_preflight', true),
  };
  if (config.keyClaimName === '') c.fail('key_claim_name', 'must not be empty');
  c.only('secret_is_base64', [false], 'is not implemented (RS256 credentials verify with rsa_public_key, which Kong never base64-decodes)');
  c.refuse('anonymous', 'is not implemented by the local gateway: a request without a valid token is refused, never mapped to an anonymous consumer');
  // Kong's entity check: a maximum_expiration needs the exp claim verified
  if (config.maximumExpiration > 0 && !config.claimsToVerify.includes('exp')) {
    throw new ConfigError(c.where, 'field "claims_to_verify" must contain "exp" when maximum_expiration is set');
  }
  c.done();
  return config;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
