import { Fields } from './fields';
import { jwtConfig } from './jwt-config';
import { configRefusal } from '../../test/support/config-refusal';

const read = <T>(reader: (c: Fields) => T, config: Record<string, unknown>): T => reader(new Fields('plugin config', config));
const refusal = (reader: (c: Fields) => unknown, config: Record<string, unknown>): string => configRefusal(() => read(reader, config));

describe(jwtConfig.name, () => {
  it("should fill in Kong's defaults (uri_param_names jwt, header authorization, key claim iss, run on preflight)", () => {
    expect(read(jwtConfig, {})).toEqual({
      uriParamNames: ['jwt'],
      cookieNames: [],
      headerNames: ['authorization'],
      keyClaimName: 'iss',
      claimsToVerify: [],
      maximumExpiration: 0,
      runOnPreflight: true,
    });
  });

  it("should require exp among claims_to_verify when maximum_expiration is set, as Kong's schema does", () => {
    expect(refusal(jwtConfig, { maximum_expiration: 900 })).toContain('field "claims_to_verify" must contain "exp" when maximum_expiration is set');
    expect(read(jwtConfig, { maximum_expiration: 900, claims_to_verify: ['exp'] }).maximumExpiration).toBe(900);
    expect(refusal(jwtConfig, { maximum_expiration: 31_536_001, claims_to_verify: ['exp'] })).toContain('must be <= 31536000');
  });

  it('should refuse what is not implemented: anonymous, base64 secrets, unknown claims and fields', () => {
    expect(refusal(jwtConfig, { anonymous: 'c0ffee00-0000-4000-8000-000000000000' })).toContain('field "anonymous" is not implemented');
    expect(refusal(jwtConfig, { secret_is_base64: true })).toContain('field "secret_is_base64" = true');
    expect(refusal(jwtConfig, { claims_to_verify: ['iat'] })).toContain('entry "iat" is not one of exp, nbf');
    expect(refusal(jwtConfig, { realm: 'taskhub' })).toContain('field "realm" is not implemented');
  });
});
