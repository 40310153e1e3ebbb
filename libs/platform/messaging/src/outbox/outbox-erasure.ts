import { type EntityManager } from 'typeorm';

/**
 * Erasure of a person (the account deletion saga, docs/sagas.md): deletes the outbox rows already published whose
 * event mentions any of `needles` (e.g. the person's id: every event about them names it), in the caller's
 * transaction. Pending rows stay unless `includePending`: they are still to be published (an event about the erasure
 * itself, with ids only), and the relay prunes them like any other once published. The saga's last step passes
 * `includePending`: once every service has erased the person, an event about them still held back (say, a
 * registration no queue was bound for yet) must not be sent any more; pending rows of `keepRoutingKeys` stay even
 * then (the step's own report, with ids only, written by an earlier request of the same step). Returns how many rows
 * went.
 */
export async function deletePublishedOutboxRowsMentioning(
  manager: EntityManager,
  needles: readonly string[],
  options: { includePending?: boolean; keepRoutingKeys?: readonly string[] } = {},
): Promise<number> {
  const wanted = needles.filter((n) => n.length > 0);
  if (wanted.length === 0) return 0;
  const [, deleted] = await manager.query<[unknown[], number]>(
    `DELETE FROM outbox_event
      WHERE (status = 'published' OR ($2 AND routing_key <> ALL($3::text[])))
        AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS n WHERE strpos(body, n) > 0)`,
    [wanted, options.includePending === true, options.keepRoutingKeys ?? []],
  );
  return deleted;
}
