import { isDefaultShape } from './default-shape';

describe(isDefaultShape.name, () => {
  it('should take a query with nothing set, or only the allowed keys', () => {
    expect(isDefaultShape({})).toBe(true);
    expect(isDefaultShape({ sort: undefined, limit: undefined })).toBe(true);
    expect(isDefaultShape({ projectId: ['p'] }, ['projectId'])).toBe(true);
  });

  it('should refuse any filter, sort, limit or cursor', () => {
    expect(isDefaultShape({ projectId: ['p'] })).toBe(false);
    expect(isDefaultShape({ projectId: ['p'], sort: '-dueAt' }, ['projectId'])).toBe(false);
    expect(isDefaultShape({ limit: 20 })).toBe(false);
    expect(isDefaultShape({ cursor: 'abc' })).toBe(false);
    expect(isDefaultShape({ q: '' })).toBe(false);
  });
});
