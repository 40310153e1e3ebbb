import { Injectable } from '@nestjs/common';
import { type ProjectRole } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { anonymousMention, ERASED_PERSON_NAME, mentionPattern } from './person-erasure';

/** A project the erased person is a member of, its row locked. */
export interface Membership {
  readonly projectId: string;
  readonly role: ProjectRole;
  readonly archived: boolean;
}

/** Bytes of an export piece's neighbour searched with it, so a name cut by the piece boundary is still found. */
const PIECE_OVERLAP_BYTES = 1024;

/**
 * The SQL of the erasure of a person, every statement in the caller's transaction. Rows that hold the person's id only
 * (created_by, author_id, actor_id, added_by) keep it: an id is not a name, and history needs it.
 */
@Injectable()
export class PersonErasureRepository {
  /** Records the deletion as applied; the time it did, or undefined when it was applied before (a replay). */
  async claim(manager: EntityManager, deletionId: string, userId: string): Promise<Date | undefined> {
    const rows = await manager.query<{ erased_at: Date }[]>(
      `INSERT INTO person_erasure (deletion_id, user_id, erased_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING RETURNING erased_at`,
      [deletionId, userId],
    );
    return rows[0]?.erased_at;
  }

  /**
   * Turns the person's read model row into a tombstone (made if the read model never saw them): no name but the
   * anonymous one, no avatar, disabled, `erased_at` set. Returns the display name it held, null if none.
   */
  async tombstone(manager: EntityManager, userId: string): Promise<string | null> {
    const [before] = await manager.query<{ display_name: string; erased_at: Date | null }[]>(
      `SELECT display_name, erased_at FROM person WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    await manager.query(
      `INSERT INTO person (id, display_name, avatar_url, status, version, erased_at) VALUES ($1, $2, NULL, 'disabled', 0, now())
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, avatar_url = NULL, status = 'disabled',
         erased_at = COALESCE(person.erased_at, EXCLUDED.erased_at), updated_at = now()`,
      [userId, ERASED_PERSON_NAME],
    );
    return before && before.erased_at === null ? before.display_name : null;
  }

  /** The person's memberships, their projects' rows locked in id order (member changes lock them one at a time). */
  memberships(manager: EntityManager, userId: string): Promise<Membership[]> {
    return manager.query<Membership[]>(
      `SELECT p.id AS "projectId", m.role, p.archived_at IS NOT NULL AS archived
       FROM project p JOIN project_member m ON m.project_id = p.id AND m.user_id = $1 ORDER BY p.id FOR UPDATE OF p`,
      [userId],
    );
  }

  /** The editor who joined first (then by id), who inherits a project its only owner leaves; undefined if none. */
  async oldestEditor(manager: EntityManager, projectId: string): Promise<string | undefined> {
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM project_member WHERE project_id = $1 AND role = 'editor' ORDER BY added_at, user_id LIMIT 1`,
      [projectId],
    );
    return rows[0]?.user_id;
  }

  /** Projects with tasks still assigned to the person (none once they have left their projects, normally). */
  async assignedProjectIds(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await manager.query<{ project_id: string }[]>(
      `SELECT DISTINCT t.project_id FROM task_assignee a JOIN task t ON t.id = a.task_id WHERE a.user_id = $1 ORDER BY t.project_id`,
      [userId],
    );
    return rows.map((r) => r.project_id);
  }

  /**
   * The history keeps the person's entries under the anonymous name, and mentions of them (comment excerpts in
   * `changes`) name them so too. Scans the activity table: an erasure is rare, the history is not indexed by actor.
   */
  async anonymiseActivity(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE activity SET actor_name = $2 WHERE actor_id = $1 AND actor_name IS DISTINCT FROM $2`, [userId, ERASED_PERSON_NAME]);
    await manager.query(`UPDATE activity SET changes = regexp_replace(changes::text, $1, $2, 'gi')::jsonb WHERE changes::text ~* $1`, [
      mentionPattern(userId),
      anonymousMention(userId),
    ]);
  }

  /**
   * Comments stay (their author is shown under the anonymous name, from the read model); mentions of the person in
   * anyone's comments name them so too, each changed comment getting version +1 (its ETag) and its task's search
   * document recomputed (trigger).
   */
  async anonymiseMentions(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE comment c SET body = n.body, version = c.version + 1
       FROM (SELECT id, regexp_replace(body, $2, $3, 'gi') AS body FROM comment WHERE $1::uuid = ANY(mentions)) n
       WHERE n.id = c.id AND n.body <> c.body`,
      [userId, mentionPattern(userId), anonymousMention(userId)],
    );
  }

  /**
   * Export files: those the person requested go with their jobs; the ready files of their projects (which list
   * assignees by name) and any other whose bytes hold one of `needles` (the name, its id) lose their pieces and
   * become `expired` (their requesters ask again).
   */
  async eraseExports(manager: EntityManager, userId: string, projectIds: readonly string[], needles: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM task_export WHERE requested_by = $1`, [userId]);
    const [expired] = await manager.query<[{ id: string }[], number]>(
      `UPDATE task_export SET status = 'expired' WHERE status = 'ready' AND id IN (
         SELECT id FROM task_export WHERE project_id = ANY($1)
         UNION
         SELECT c.export_id FROM task_export_chunk c
           LEFT JOIN task_export_chunk n ON n.export_id = c.export_id AND n.seq = c.seq + 1
         WHERE EXISTS (SELECT 1 FROM unnest($2::text[]) AS needle
           WHERE position(convert_to(needle, 'UTF8') IN c.data || coalesce(substring(n.data FROM 1 FOR $3), ''::bytea)) > 0)
       ) RETURNING id`,
      [projectIds, needles, PIECE_OVERLAP_BYTES],
    );
    if (expired.length > 0) await manager.query(`DELETE FROM task_export_chunk WHERE export_id = ANY($1)`, [expired.map((e) => e.id)]);
  }

  /**
   * The outbox: pending events still go out, with mentions of the person anonymised; published ones (kept for the
   * retention) that hold one of `needles` (the name, its id) are deleted. Pending first: a row the relay publishes
   * meanwhile is then seen, published, by the DELETE (a statement of its own, with its own snapshot).
   */
  async scrubOutbox(manager: EntityManager, userId: string, needles: readonly string[]): Promise<void> {
    await manager.query(`UPDATE outbox_event SET body = regexp_replace(body, $1, $2, 'gi') WHERE status = 'pending' AND body ~* $1`, [
      mentionPattern(userId),
      anonymousMention(userId),
    ]);
    await manager.query(
      `DELETE FROM outbox_event WHERE status = 'published' AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS needle WHERE strpos(lower(body), lower(needle)) > 0)`,
      [needles],
    );
  }
}
