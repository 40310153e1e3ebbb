import { type EntityManager } from 'typeorm';

/**
 * Erasure of a person (the account deletion saga, docs/sagas.md): deletes the outbox rows already published whose
 * event mentions any of `needles` (e.g. the person's id: every event about them names it), in the caller's
 * transaction. Pending rows stay unless `includePending`: they are still to be published (an event about the erasure
 * itself, with ids only), and the relay prunes them like any other once published. The saga's last step passes
 * `includePending`: once every service has erased the person, an event about them still held back (say, a
 * registration no queue was bound for yet) must not be sent any more. Returns how many rows went.
 */
export async function deletePublishedOutboxRowsMentioning(manager: EntityManager, needles: readonly string[], options: { includePending?: boolean } = {}): Promise<number> {
  const wanted = needles.filter((n) => n.length > 0);
  if (wanted.length === 0) return 0;
  const [, deleted] = await manager.query<[unknown[], number]>(
    `DELETE FROM outbox_event WHERE ($2 OR status = 'published') AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS n WHERE strpos(body, n) > 0)`,
    [wanted, options.includePending === true],
  );
  return deleted;
}
