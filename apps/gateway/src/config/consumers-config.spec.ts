import { generateKeyPairSync } from 'node:crypto';
import { generateSigningKey } from '../../test/support/jwt-keys';
import { consumersConfig, kongConsumerId } from './consumers-config';
import { configRefusal } from '../../test/support/config-refusal';

const key = generateSigningKey('k1');
const secret = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ key: 'k1', algorithm: 'RS256', rsa_public_key: key.publicPem, secret: 'unused', ...extra });
const refusal = (list: unknown[]): string => configRefusal(() => consumersConfig(list));

describe(consumersConfig.name, () => {
  it("should give a consumer without id Kong's deterministic UUIDv5 of its username and keep its credentials", () => {
    const [consumer] = consumersConfig([{ username: 'taskhub-users', custom_id: 'taskhub-users', tags: ['auth'], jwt_secrets: [secret()] }]);
    // the same derivation as Kong's declarative loader and decK (UUIDv5 of "consumers" in fd02801f-…, then of the username)
    expect(consumer.id).toBe('86ff31c0-19c3-5757-b0c8-e15618a902fd');
    expect(kongConsumerId('taskhub-users')).toBe(consumer.id);
    expect(consumer).toMatchObject({ username: 'taskhub-users', customId: 'taskhub-users' });
    expect(consumer.jwtSecrets.map((s) => [s.key, s.algorithm, s.publicKey.asymmetricKeyType])).toEqual([['k1', 'RS256', 'rsa']]);
  });

  it('should keep an explicit id', () => {
    expect(consumersConfig([{ id: 'c0ffee00-0000-4000-8000-000000000000', username: 'u' }])[0].id).toBe('c0ffee00-0000-4000-8000-000000000000');
  });

  it('should refuse algorithms other than RS256, including the HS256 default', () => {
    expect(refusal([{ username: 'u', jwt_secrets: [secret({ algorithm: 'HS256' })] }])).toContain('field "algorithm" = "HS256" is not implemented');
    expect(refusal([{ username: 'u', jwt_secrets: [secret({ algorithm: undefined })] }])).toContain('field "algorithm" = "HS256"');
  });

  it('should refuse a public key that does not parse, is not RSA, or is a private key', () => {
    expect(refusal([{ username: 'u', jwt_secrets: [secret({ rsa_public_key: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n' })] }])).toContain(
      'field "rsa_public_key" does not parse',
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(refusal([{ username: 'u', jwt_secrets: [secret({ rsa_public_key: ec })] }])).toContain('is a ec key, RS256 needs RSA');
    expect(refusal([{ username: 'u', jwt_secrets: [secret({ rsa_public_key: key.privatePem })] }])).toContain('holds a private key');
  });

  it('should refuse duplicate credential keys, usernames and custom ids', () => {
    expect(refusal([{ username: 'a', jwt_secrets: [secret()] }, { username: 'b', jwt_secrets: [secret()] }])).toContain('jwt_secrets key "k1": is defined twice');
    expect(refusal([{ username: 'a' }, { username: 'a' }])).toContain('consumer username "a": is defined twice');
    expect(refusal([{ custom_id: 'x' }, { username: 'b', custom_id: 'x' }])).toContain('consumer custom_id "x": is defined twice');
  });

  it('should refuse a consumer without username or custom_id, and credentials other than jwt_secrets', () => {
    expect(refusal([{ tags: ['x'] }])).toContain('field "username" or custom_id is required');
    expect(refusal([{ username: 'u', keyauth_credentials: [{ key: 'k' }] }])).toContain('consumer "u": field "keyauth_credentials" is not implemented');
  });
});
