import { RequestValidationException } from '@taskhub/platform-errors';
import { idempotencyKeyOf, idempotencyRecordKey, type IdempotencyScope, requestFingerprint } from './idempotency-key';

describe(idempotencyKeyOf.name, () => {
  it('should take 1-255 printable ASCII characters as they are', () => {
    expect(idempotencyKeyOf('a')).toBe('a');
    expect(idempotencyKeyOf('order 42: retry #1 ~!')).toBe('order 42: retry #1 ~!');
    expect(idempotencyKeyOf('k'.repeat(255))).toBe('k'.repeat(255));
  });

  it('should answer no key when there is no header', () => {
    expect(idempotencyKeyOf(undefined)).toBeUndefined();
  });

  it('should refuse an empty, a too long or a non-ASCII key with a validation error naming the header', () => {
    for (const key of ['', 'k'.repeat(256), 'clé', 'tab\there']) {
      expect(() => idempotencyKeyOf(key)).toThrow(RequestValidationException);
      expect(() => idempotencyKeyOf(key)).toThrow('request validation failed: Idempotency-Key');
    }
  });
});

describe(requestFingerprint.name, () => {
  const content = { body: { title: 'a', tags: ['x', 'y'], meta: { b: 1, a: 2 } }, params: { projectId: 'p1' }, query: {} };

  it('should be the SHA-256 of the canonical JSON of body, params and query', () => {
    // sha256 of {"body":{"title":"a"},"params":{},"query":{}}
    expect(requestFingerprint({ body: { title: 'a' }, params: {}, query: {} })).toBe('c7cbd6be57302f353823dc11b3f75fdaab4394914f18237018270ee518ae8c06');
  });

  it('should not depend on the order of keys', () => {
    const reordered = { query: {}, params: { projectId: 'p1' }, body: { meta: { a: 2, b: 1 }, tags: ['x', 'y'], title: 'a' } };

    expect(requestFingerprint(reordered)).toBe(requestFingerprint(content));
  });

  it('should differ for another body, another array order, other params or another query', () => {
    const fingerprints = new Set([
      requestFingerprint(content),
      requestFingerprint({ ...content, body: { ...content.body, title: 'b' } }),
      requestFingerprint({ ...content, body: { ...content.body, tags: ['y', 'x'] } }),
      requestFingerprint({ ...content, params: { projectId: 'p2' } }),
      requestFingerprint({ ...content, query: { dryRun: 'true' } }),
    ]);

    expect(fingerprints.size).toBe(5);
  });

  it('should take a missing body as null', () => {
    expect(requestFingerprint({ body: undefined, params: {}, query: {} })).toBe(requestFingerprint({ body: null, params: {}, query: {} }));
  });
});

describe(idempotencyRecordKey.name, () => {
  const scope: IdempotencyScope = { service: 'task', userId: 'u1', method: 'POST', route: '/api/v1/tasks', key: 'k1' };

  it('should be a fixed-length key under idempotency:', () => {
    expect(idempotencyRecordKey(scope)).toMatch(/^idempotency:[0-9a-f]{64}$/);
  });

  it('should differ in every part of the scope', () => {
    const keys = new Set([
      idempotencyRecordKey(scope),
      idempotencyRecordKey({ ...scope, service: 'user' }),
      idempotencyRecordKey({ ...scope, userId: 'u2' }),
      idempotencyRecordKey({ ...scope, method: 'PUT' }),
      idempotencyRecordKey({ ...scope, route: '/api/v1/projects' }),
      idempotencyRecordKey({ ...scope, key: 'k2' }),
    ]);

    expect(keys.size).toBe(6);
  });
});
