import { childTraceparent, formatTraceparent, parseTraceparent, randomSpanId, randomTraceId, traceIdOf } from './traceparent';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const SHAPE = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe(parseTraceparent.name, () => {
  it('should read the parts of a valid header', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.traceFlags).toBe(0);
  });

  it('should read a later version as version 00, ignoring what it appends', () => {
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next')?.spanId).toBe('00f067aa0ba902b7');
  });

  it('should take the first of repeated headers and tolerate surrounding whitespace', () => {
    expect(parseTraceparent([VALID, '00-11111111111111111111111111111111-2222222222222222-01'])?.spanId).toBe('00f067aa0ba902b7');
    expect(parseTraceparent(` ${VALID} `)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['upper-case hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['version 00 with trailing data', `${VALID}-extra`],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['a header injection attempt', `${VALID}\r\nx-evil: 1`],
    ['two joined headers', `${VALID}, ${VALID}`],
  ])('should refuse %s', (_label, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe(formatTraceparent.name, () => {
  it('should write version 00 with two-digit flags', () => {
    expect(formatTraceparent({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 })).toBe(VALID);
  });
});

describe(childTraceparent.name, () => {
  it("should keep the caller's trace id and flags with a new span id of its own", () => {
    const child = childTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00');
    expect(child).toMatch(SHAPE);
    expect(parseTraceparent(child)).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', traceFlags: 0 });
    expect(parseTraceparent(child)?.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('should start a new sampled trace when the caller sent none or an invalid one', () => {
    for (const parent of [undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      const fresh = childTraceparent(parent);
      expect(fresh).toMatch(SHAPE);
      expect(fresh.endsWith('-01')).toBe(true);
      expect(parseTraceparent(fresh)).toBeDefined();
    }
    expect(traceIdOf(childTraceparent())).not.toBe(traceIdOf(childTraceparent()));
  });
});

describe('random ids', () => {
  it('should be distinct lower-case hex of the right length across pool refills', () => {
    const traceIds = new Set(Array.from({ length: 1000 }, () => randomTraceId()));
    const spanIds = new Set(Array.from({ length: 1000 }, () => randomSpanId()));
    expect(traceIds.size).toBe(1000);
    expect(spanIds.size).toBe(1000);
    for (const id of traceIds) expect(id).toMatch(/^[0-9a-f]{32}$/);
    for (const id of spanIds) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});
