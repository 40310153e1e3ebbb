/** The name an erased person is shown under: in the people read model, the history and the mentions of them. */
export const ERASED_PERSON_NAME = 'Deleted user';

/**
 * The mention of `userId` in Markdown (`@[Display Name](userId)`, comments.ts), as a regular expression source that
 * JavaScript and Postgres (ARE, flags `gi`) read alike; also matches it inside JSON text (activity changes, outbox
 * bodies), where a name's quote is escaped, hence up to 200 characters for a name of at most 100.
 */
export function mentionPattern(userId: string): string {
  return String.raw`@\[[^\]\n]{1,200}\]\(${userId}\)`;
}

/** What a mention of `userId` becomes. */
export function anonymousMention(userId: string): string {
  return `@[${ERASED_PERSON_NAME}](${userId})`;
}

/** `text` with every mention of `userId` naming the erased person instead. */
export function anonymiseMentions(text: string, userId: string): string {
  return text.replace(new RegExp(mentionPattern(userId), 'gi'), anonymousMention(userId));
}

/**
 * How a display name may be written in a stored file or event body: as is (CSV), and JSON-escaped (JSON exports,
 * event bodies); each once.
 */
export function nameSpellings(displayName: string): string[] {
  return [...new Set([displayName, JSON.stringify(displayName).slice(1, -1)])];
}
