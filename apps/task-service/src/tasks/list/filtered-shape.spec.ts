import { filteredShapeKey } from './filtered-shape';
import { type ListTasksQueryDto } from './dto/list-tasks.query.dto';
import { listFilters } from './task-list-filters';

const PROJECT = '0b6f1c2e-7f4a-4c1e-9d7e-2a1b3c4d5e6f';
const ADA = '5a0e8f3c-1d2b-4e6f-8a9b-0c1d2e3f4a5b';
const BOB = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';
const LABEL = 'e1f2a3b4-c5d6-4e7f-8a9b-c0d1e2f3a4b5';

/** The key of a request as Ada, its query parsed as the DTO's transforms leave it. */
function keyOf(query: Partial<Record<keyof ListTasksQueryDto, unknown>>, caller = ADA): string | undefined {
  const dto = { projectId: [PROJECT], ...query } as ListTasksQueryDto;
  return filteredShapeKey(dto, listFilters(caller, dto, { projectIds: dto.projectId, statuses: dto.status }));
}

describe(filteredShapeKey.name, () => {
  it('should name one or two equality filters in name order, whatever order the request gave them in', () => {
    expect(keyOf({ status: ['todo'] })).toBe('status=todo');
    expect(keyOf({ status: ['todo'], assigneeId: [ADA] })).toBe(`assigneeId=${ADA}&status=todo`);
    expect(keyOf({ assigneeId: [ADA], status: ['todo'] })).toBe(`assigneeId=${ADA}&status=todo`);
    expect(keyOf({ priority: ['high'], labelId: [LABEL] })).toBe(`labelId=${LABEL}&priority=high`);
  });

  it('should normalise values as the query does: me is the caller, ids lower-cased, repeats dropped', () => {
    expect(keyOf({ assigneeId: ['me'], status: ['todo'] })).toBe(`assigneeId=${ADA}&status=todo`);
    expect(keyOf({ assigneeId: ['ME'] }, BOB)).toBe(`assigneeId=${BOB}`);
    expect(keyOf({ assigneeId: [ADA.toUpperCase()], status: ['todo', 'todo'] })).toBe(`assigneeId=${ADA}&status=todo`);
    expect(keyOf({ assigneeId: ['None'] })).toBe('assigneeId=none');
    expect(keyOf({ labelId: [LABEL.toUpperCase()] })).toBe(`labelId=${LABEL}`);
  });

  it('should refuse the default list, three filters, several values of one, and any other parameter', () => {
    expect(keyOf({})).toBeUndefined();
    expect(keyOf({ status: ['todo'], priority: ['high'], assigneeId: [ADA] })).toBeUndefined();
    expect(keyOf({ status: ['todo', 'done'] })).toBeUndefined();
    expect(keyOf({ assigneeId: [ADA, 'none'] })).toBeUndefined();
    expect(keyOf({ status: ['todo'], cursor: 'abc' })).toBeUndefined();
    expect(keyOf({ status: ['todo'], sort: '-createdAt' })).toBeUndefined();
    expect(keyOf({ status: ['todo'], limit: 20 })).toBeUndefined();
    expect(keyOf({ status: ['todo'], q: 'login' })).toBeUndefined();
    expect(keyOf({ status: ['todo'], parentId: ['none'] })).toBeUndefined();
    expect(keyOf({ status: ['todo'], dueBefore: '2026-03-01' })).toBeUndefined();
    expect(keyOf({ status: ['todo'], projectId: [PROJECT, BOB] })).toBeUndefined();
  });
});
