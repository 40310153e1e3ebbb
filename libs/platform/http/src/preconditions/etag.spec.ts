import { etagOf, ifNoneMatchIncludes, versionFromIfMatch } from './etag';
import { PreconditionRequiredException, UnusableIfMatchException } from './precondition.exceptions';

describe(etagOf.name, () => {
  it('should quote the version as a strong ETag', () => {
    expect(etagOf(0)).toBe('"0"');
    expect(etagOf(42)).toBe('"42"');
  });

  it('should refuse what is not a version', () => {
    expect(() => etagOf(-1)).toThrow('etagOf: -1 is not a version (a non-negative integer)');
    expect(() => etagOf(1.5)).toThrow('etagOf: 1.5 is not a version (a non-negative integer)');
  });
});

describe(versionFromIfMatch.name, () => {
  const reasonOf = (header: string | string[] | undefined): string => {
    try {
      versionFromIfMatch(header);
    } catch (error) {
      if (error instanceof UnusableIfMatchException) return `412 ${error.code} ${error.reason}`;
      if (error instanceof PreconditionRequiredException) return `428 ${error.code}`;
      throw error;
    }
    return 'accepted';
  };

  it('should read the version of one strong ETag as etagOf writes it, surrounding spaces and empty list members aside', () => {
    expect(versionFromIfMatch('"7"')).toBe(7);
    expect(versionFromIfMatch(' "0" ')).toBe(0);
    expect(versionFromIfMatch('"12",')).toBe(12);
    expect(versionFromIfMatch(['"3"'])).toBe(3);
  });

  it('should ask for the header with 428 when it is missing or blank', () => {
    expect(reasonOf(undefined)).toBe('428 PRECONDITION.REQUIRED');
    expect(reasonOf('')).toBe('428 PRECONDITION.REQUIRED');
    expect(reasonOf(' , ')).toBe('428 PRECONDITION.REQUIRED');
  });

  it('should answer 412 to a list, to *, to a weak ETag and to anything etagOf does not write', () => {
    expect(reasonOf('"1", "2"')).toBe('412 PRECONDITION.FAILED list');
    expect(reasonOf(['"1"', '"2"'])).toBe('412 PRECONDITION.FAILED list');
    expect(reasonOf('*')).toBe('412 PRECONDITION.FAILED wildcard');
    expect(reasonOf('W/"3"')).toBe('412 PRECONDITION.FAILED weak');
    for (const malformed of ['3', '"03"', '"-1"', '"1.5"', '"abc"', '""', '"3', `"${'9'.repeat(20)}"`]) {
      expect(reasonOf(malformed)).toBe('412 PRECONDITION.FAILED malformed');
    }
  });

  it('should say in the message that * is not accepted', () => {
    expect(() => versionFromIfMatch('*')).toThrow(
      'If-Match: * is not accepted: send the ETag of the version you last read, so that a change made since is not overwritten',
    );
  });
});

describe(ifNoneMatchIncludes.name, () => {
  it('should match the ETag itself, its weak form, a list naming it and *', () => {
    expect(ifNoneMatchIncludes('"3"', '"3"')).toBe(true);
    expect(ifNoneMatchIncludes('W/"3"', '"3"')).toBe(true);
    expect(ifNoneMatchIncludes('"1", "3"', '"3"')).toBe(true);
    expect(ifNoneMatchIncludes('*', '"3"')).toBe(true);
  });

  it('should not match another version or a missing header', () => {
    expect(ifNoneMatchIncludes('"2"', '"3"')).toBe(false);
    expect(ifNoneMatchIncludes(undefined, '"3"')).toBe(false);
    expect(ifNoneMatchIncludes('', '"3"')).toBe(false);
  });
});
