import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, PageQueryDto, pageLimit } from './page-query.dto';

class ListThingsQueryDto extends PageQueryDto {}

/** The query as the global ValidationPipe sees it: converted, then each failed constraint by property. */
function check(query: Record<string, string>): { dto: ListThingsQueryDto; failed: Record<string, string[]> } {
  const dto = plainToInstance(ListThingsQueryDto, query);
  const failed = Object.fromEntries(validateSync(dto).map((e) => [e.property, Object.keys(e.constraints ?? {}).sort()]));
  return { dto, failed };
}

describe(PageQueryDto.name, () => {
  it('should accept no parameters, and a limit from 1 to MAX_PAGE_SIZE converted to a number', () => {
    expect(check({}).failed).toEqual({});
    expect(check({ limit: '1' })).toEqual({ dto: { limit: 1 }, failed: {} });
    expect(check({ limit: String(MAX_PAGE_SIZE) })).toEqual({ dto: { limit: 100 }, failed: {} });
  });

  it('should refuse a limit of 0, over MAX_PAGE_SIZE, fractional or not a number', () => {
    expect(check({ limit: '0' }).failed).toEqual({ limit: ['min'] });
    expect(check({ limit: '101' }).failed).toEqual({ limit: ['max'] });
    expect(check({ limit: '2.5' }).failed).toEqual({ limit: ['isInt'] });
    expect(check({ limit: 'abc' }).failed).toEqual({ limit: ['isInt', 'max', 'min'] });
  });

  it('should refuse a cursor longer than MAX_CURSOR_LENGTH', () => {
    expect(check({ cursor: 'a'.repeat(MAX_CURSOR_LENGTH) }).failed).toEqual({});
    expect(check({ cursor: 'a'.repeat(MAX_CURSOR_LENGTH + 1) }).failed).toEqual({ cursor: ['maxLength'] });
  });
});

describe(pageLimit.name, () => {
  it('should be the limit asked for, or DEFAULT_PAGE_SIZE (20)', () => {
    expect(pageLimit({ limit: 7 })).toBe(7);
    expect(pageLimit({})).toBe(20);
    expect(DEFAULT_PAGE_SIZE).toBe(20);
  });
});
