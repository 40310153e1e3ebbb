import { type Page } from '@taskhub/platform-http';
import { type Task } from '../task';
import { type ListedTask } from './task-list.repository';

/** What my work's merge needs of a cached first page besides its body: each row's sort key and the rows after the page. */
interface MergeKeys {
  readonly sortValues: (string | null)[];
  readonly after: Task[];
}

/**
 * A project's default first page as cached (one text value): the response body exactly as it is sent
 * (`{"items":[…],"nextCursor":…}`), a newline, then the JSON of what my work's merge needs besides (the rows' sort keys
 * and the row after the page). JSON.stringify never writes a raw newline, so the first one ends the body: a hit sends
 * the body without parsing it.
 */
export function encodeFirstPage(rows: readonly ListedTask[], page: Page<Task>): string {
  const keys: MergeKeys = { sortValues: rows.map((row) => row.sortValue), after: rows.slice(page.items.length).map((row) => row.task) };
  return `${JSON.stringify(page)}\n${JSON.stringify(keys)}`;
}

/** The response body of a cached first page, as it was serialised when loaded. */
export function firstPageBody(text: string): string {
  return text.slice(0, separatorOf(text));
}

/** The rows of a cached first page (the page's items and the row after them, with their sort keys), for my work's merge. */
export function firstPageRows(text: string): ListedTask[] {
  const at = separatorOf(text);
  const page = JSON.parse(text.slice(0, at)) as Page<Task>;
  const keys = JSON.parse(text.slice(at + 1)) as MergeKeys;
  return [...page.items, ...keys.after].map((task, i) => ({ task, sortValue: keys.sortValues[i] }));
}

function separatorOf(text: string): number {
  const at = text.indexOf('\n');
  if (at < 0) throw new Error('not a cached first page: no newline after its body');
  return at;
}
