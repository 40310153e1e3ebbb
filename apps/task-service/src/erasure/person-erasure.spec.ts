import { anonymiseMentions, nameSpellings } from './person-erasure';

describe('person erasure', () => {
  const ada = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
  const bob = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';

  it('should replace every mention of the person, whatever case the id is written in, and leave the others', () => {
    const body = `@[Ada Lovelace](${ada}) and @[Bob](${bob}), again @[Ada L.](${ada.toUpperCase()}); [Ada](${ada}) is a link`;

    expect(anonymiseMentions(body, ada)).toBe(`@[Deleted user](${ada}) and @[Bob](${bob}), again @[Deleted user](${ada}); [Ada](${ada}) is a link`);
  });

  it('should find a mention inside JSON text, where the name has escaped quotes', () => {
    const json = JSON.stringify({ excerpt: `hi @[Ada "the Countess"](${ada})` });

    expect(anonymiseMentions(json, ada)).toBe(JSON.stringify({ excerpt: `hi @[Deleted user](${ada})` }));
  });

  it('should spell a name as written and as JSON writes it', () => {
    expect(nameSpellings('Ada Lovelace')).toEqual(['Ada Lovelace']);
    expect(nameSpellings('Ada "A" Lovelace')).toEqual(['Ada "A" Lovelace', String.raw`Ada \"A\" Lovelace`]);
  });
});
