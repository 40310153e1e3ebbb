import { IntersectionType, OmitType } from '@nestjs/swagger';
import { PageQueryDto } from '@taskhub/platform-http';
import { TaskFilterQueryDto } from './task-filter.query.dto';

/** GET /projects/:id/board: `limit` is each column's first page; the list's filters and sort apply to every column. */
export class BoardQueryDto extends IntersectionType(OmitType(PageQueryDto, ['cursor'] as const), TaskFilterQueryDto) {}
