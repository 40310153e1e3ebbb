/** A comment as the API shows it (JSON-shaped). */
export interface CommentView {
  readonly id: string;
  readonly taskId: string;
  readonly authorId: string;
  /** the author's display name now (the people read model); null if it has not seen them */
  readonly authorName: string | null;
  /** Markdown; mentions written `@[Display Name](userId)` */
  readonly body: string;
  /** the members it mentions, in the order they first appear */
  readonly mentions: string[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `@[Display Name](userId)`: the name is shown, the id is what counts. */
const MENTION = /@\[[^\]\n]{1,100}\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

/** The user ids a body mentions, lower-cased, each once, in order of first appearance. */
export function mentionsIn(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((m) => m[1].toLowerCase()))];
}

/** The first 500 characters of a body, for notifications (a cut word gets an ellipsis). */
export function excerptOf(body: string, max = 500): string {
  return body.length <= max ? body : `${body.slice(0, max - 1)}…`;
}
