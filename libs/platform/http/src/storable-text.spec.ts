import { isStorableText, STORABLE_TEXT_CONSTRAINT, unstorableTextViolations } from './storable-text';

describe(isStorableText.name, () => {
  it.each([
    ['plain text', 'ada@example.com'],
    ['an emoji (a surrogate pair)', 'done \uD83D\uDE80'],
    ['other control characters', 'tab\there\u0001'],
    ['the empty string', ''],
  ])('should accept %s', (_label, value) => {
    expect(isStorableText(value)).toBe(true);
  });

  it.each([
    ['a NUL alone', '\u0000'],
    ['a NUL inside text', 'ada\u0000@example.com'],
    ['a lone high surrogate at the end', 'abc\uD83D'],
    ['a lone high surrogate before a letter', '\uD83Dabc'],
    ['a lone low surrogate', 'abc\uDE80'],
    ['a reversed pair', '\uDE80\uD83D'],
  ])('should refuse %s', (_label, value) => {
    expect(isStorableText(value)).toBe(false);
  });
});

describe(unstorableTextViolations.name, () => {
  const message = (field: string) => `${field} must not contain NUL characters or unpaired UTF-16 surrogates (Postgres cannot store them in text)`;

  it('should name every offending field by its dotted path, nested objects and arrays included', () => {
    const body = { title: 'ok', assignees: [{ email: 'a\u0000' }, { email: 'b@example.com' }], meta: { note: { text: '\uD800' } }, count: 3, done: null };

    expect(unstorableTextViolations(body)).toEqual([
      { field: 'assignees.0.email', constraints: { [STORABLE_TEXT_CONSTRAINT]: message('assignees.0.email') } },
      { field: 'meta.note.text', constraints: { [STORABLE_TEXT_CONSTRAINT]: message('meta.note.text') } },
    ]);
  });

  it('should refuse an object key that Postgres cannot store, at the path of its object', () => {
    expect(unstorableTextViolations({ labels: { 'a\u0000': 'x' } })).toEqual([{ field: 'labels', constraints: { [STORABLE_TEXT_CONSTRAINT]: message('labels') } }]);
  });

  it('should check a bare string, and find nothing in inputs without strings', () => {
    expect(unstorableTextViolations('\u0000', 'q')).toEqual([{ field: 'q', constraints: { [STORABLE_TEXT_CONSTRAINT]: message('q') } }]);
    expect(unstorableTextViolations(undefined)).toEqual([]);
    expect(unstorableTextViolations({ a: 1, b: [true, null] })).toEqual([]);
  });
});
