import { ConfigError } from './config-error';
import { resolveVaultReference } from './vault-reference';

describe(resolveVaultReference.name, () => {
  it("should read {vault://env/<name>} from <NAME>, upper case with dashes as underscores, as Kong's env vault does", () => {
    expect(resolveVaultReference('{vault://env/taskhub-gateway-redis-user}', { TASKHUB_GATEWAY_REDIS_USER: 'taskhub_gateway' }, 'x')).toBe('taskhub_gateway');
  });

  it('should keep a literal, and an empty variable as a value', () => {
    expect(resolveVaultReference('plain', {}, 'x')).toBe('plain');
    expect(resolveVaultReference(undefined, {}, 'x')).toBeUndefined();
    expect(resolveVaultReference('{vault://env/pw}', { PW: '' }, 'x')).toBe('');
  });

  it('should refuse an unset variable, naming it', () => {
    expect(() => resolveVaultReference('{vault://env/pw}', {}, 'plugin "rate-limiting" config.redis.password')).toThrow(ConfigError);
    expect(() => resolveVaultReference('{vault://env/pw}', {}, 'where')).toThrow('references {vault://env/pw}, but the environment variable PW is not set');
  });
});
