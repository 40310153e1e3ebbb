import { ConfigError } from '../config/config-error';
import { compileDeclarativeConfig } from '../config/config-loader';
import { generateSigningKey } from '../../test/support/jwt-keys';
import { mergePublicKeys, parseDeclarativeDocument } from './merge-public-keys';

const k1 = generateSigningKey('k1');
const k2 = generateSigningKey('k2');
const keys = [k1, k2].map((k) => ({ kid: k.kid, pem: k.publicPem }));
const KONG_YML = `_format_version: "3.0"
services:
  - name: s
    host: h
    routes: [{ name: r, paths: [/] }]
consumers:
  # every token maps to this consumer
  - username: taskhub-users
    custom_id: taskhub-users
  - username: other
`;
const secrets = (): (() => string) => {
  let n = 0;
  return () => `secret-${++n}`;
};

describe(mergePublicKeys.name, () => {
  it('should add one RS256 jwt_secrets entry per key to taskhub-users and keep the comments', () => {
    const document = parseDeclarativeDocument(KONG_YML, 'kong.yml');
    mergePublicKeys(document, keys, secrets());
    const text = document.toString();
    expect(text).toContain('# every token maps to this consumer');
    const consumers = (document.toJS() as { consumers: { username: string; jwt_secrets?: unknown[] }[] }).consumers;
    expect(consumers[0].jwt_secrets).toEqual([
      { key: 'k1', algorithm: 'RS256', rsa_public_key: k1.publicPem, secret: 'secret-1' },
      { key: 'k2', algorithm: 'RS256', rsa_public_key: k2.publicPem, secret: 'secret-2' },
    ]);
    expect(consumers[1].jwt_secrets).toBeUndefined();
    // the PEM survives the round trip through YAML text byte for byte
    const reparsed = compileDeclarativeConfig(parseDeclarativeDocument(text, 'rendered.yml').toJS());
    expect(reparsed.consumers[0].jwtSecrets.map((s) => s.publicKey.export({ type: 'spki', format: 'pem' }))).toEqual([k1.publicPem, k2.publicPem]);
  });

  it('should keep credentials declared in the file and refuse a key declared twice', () => {
    const document = parseDeclarativeDocument(KONG_YML.replace('    custom_id: taskhub-users\n', `    custom_id: taskhub-users\n    jwt_secrets: [{ key: k1, algorithm: RS256, secret: s, rsa_public_key: x }]\n`), 'kong.yml');
    expect(() => mergePublicKeys(document, keys, secrets())).toThrow('jwt_secrets key "k1" is declared in the file and found in the key directory');
    const fresh = parseDeclarativeDocument(KONG_YML.replace('    custom_id: taskhub-users\n', `    custom_id: taskhub-users\n    jwt_secrets: [{ key: k0, algorithm: RS256, secret: s, rsa_public_key: x }]\n`), 'kong.yml');
    mergePublicKeys(fresh, keys, secrets());
    expect((fresh.toJS() as { consumers: { jwt_secrets: { key: string }[] }[] }).consumers[0].jwt_secrets.map((s) => s.key)).toEqual(['k0', 'k1', 'k2']);
  });

  it('should refuse a file without the taskhub-users consumer', () => {
    const document = parseDeclarativeDocument('_format_version: "3.0"\n', 'kong.yml');
    expect(() => mergePublicKeys(document, keys)).toThrow(ConfigError);
    expect(() => mergePublicKeys(document, keys)).toThrow('declares no consumer with username "taskhub-users"');
  });

  it('should generate a different random secret for every entry when none is given', () => {
    const document = parseDeclarativeDocument(KONG_YML, 'kong.yml');
    mergePublicKeys(document, keys);
    const [first, second] = (document.toJS() as { consumers: { jwt_secrets: { secret: string }[] }[] }).consumers[0].jwt_secrets.map((s) => s.secret);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
  });
});
