/** One page of a keyset-paged list: `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * What a cursor is only valid for: the list's name (`'auth.accounts'`) and every request parameter that shapes the list
 * (sort, filters). Key order does not matter; array order does (sort an array first where it should not).
 */
export type CursorBinding = { readonly list: string } & Readonly<Record<string, unknown>>;
