import { Fields } from './fields';
import { requestTransformerConfig } from './request-transformer-config';
import { configRefusal } from '../../test/support/config-refusal';

const read = <T>(reader: (c: Fields) => T, config: Record<string, unknown>): T => reader(new Fields('plugin config', config));
const refusal = (reader: (c: Fields) => unknown, config: Record<string, unknown>): string => configRefusal(() => read(reader, config));

describe(requestTransformerConfig.name, () => {
  it('should read remove.headers lower-case and accept the empty operations decK writes', () => {
    const config = read(requestTransformerConfig, {
      remove: { headers: ['X-User-Id', 'x-user-id', 'X-Consumer-ID'], querystring: [], body: [] },
      add: { headers: [], querystring: [], body: [] },
      replace: { headers: [], querystring: [], body: [] },
    });
    expect(config.removeHeaders).toEqual(['x-user-id', 'x-consumer-id']);
  });

  it('should refuse every other operation, naming it', () => {
    expect(refusal(requestTransformerConfig, { add: { headers: ['X-A:1'] } })).toContain('field "headers" (add.headers) is not implemented');
    expect(refusal(requestTransformerConfig, { remove: { querystring: ['token'] } })).toContain('(remove.querystring) is not implemented');
    expect(refusal(requestTransformerConfig, { rename: { body: ['a:b'] } })).toContain('(rename.body) is not implemented');
    expect(refusal(requestTransformerConfig, { http_method: 'POST' })).toContain('field "http_method" is not implemented');
    expect(refusal(requestTransformerConfig, { replace: { uri: '/x' } })).toContain('field "uri" is not implemented');
  });

  it('should refuse removing a header the gateway sets itself, or an entry that is not a header name', () => {
    expect(refusal(requestTransformerConfig, { remove: { headers: ['X-Forwarded-For'] } })).toContain('is a header the local gateway sets after the plugins ran');
    expect(refusal(requestTransformerConfig, { remove: { headers: ['X-A:1'] } })).toContain('entry "X-A:1" is not a header name');
  });
});
