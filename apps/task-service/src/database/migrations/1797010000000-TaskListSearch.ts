import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Task lists: `task_priority_rank(priority)` (urgent 4 … none 0, immutable so an index can hold it) and full-text
 * search. `task.search` is a tsvector of the title (weight A), description (B) and comments (C), each in English
 * (stemmed) and 'simple' (as written), kept in step by triggers: on task insert and title/description updates, and
 * on comment insert, body update and delete (which recompute the task's vector). Backfills existing tasks; GIN index.
 */
export class TaskListSearch1797010000000 implements MigrationInterface {
  name = 'TaskListSearch1797010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION task_priority_rank(priority text) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT (CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)::smallint $$`);
    // comments are capped (a tsvector holds at most 1 MB): the first 200,000 characters of a task's comments are searched
    await queryRunner.query(`CREATE FUNCTION task_search_document(task_id uuid, title text, description text) RETURNS tsvector LANGUAGE sql STABLE
      AS $$ SELECT setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('simple', title), 'A')
        || setweight(to_tsvector('english', coalesce(description, '')), 'B') || setweight(to_tsvector('simple', coalesce(description, '')), 'B')
        || setweight(to_tsvector('english', c.body), 'C') || setweight(to_tsvector('simple', c.body), 'C')
        FROM (SELECT left(coalesce(string_agg(body, ' ' ORDER BY id), ''), 200000) AS body FROM comment WHERE comment.task_id = $1) c $$`);
    await queryRunner.query(`ALTER TABLE "task" ADD "search" tsvector`);
    await queryRunner.query(`UPDATE "task" SET search = task_search_document(id, title, description)`);
    await queryRunner.query(`ALTER TABLE "task" ALTER COLUMN "search" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "task_search_idx" ON "task" USING gin ("search")`);
    await queryRunner.query(`CREATE FUNCTION task_search_refresh() RETURNS trigger LANGUAGE plpgsql
      AS $$ BEGIN NEW.search := task_search_document(NEW.id, NEW.title, NEW.description); RETURN NEW; END $$`);
    await queryRunner.query(`CREATE TRIGGER task_search_refresh BEFORE INSERT OR UPDATE OF title, description ON "task"
      FOR EACH ROW EXECUTE FUNCTION task_search_refresh()`);
    await queryRunner.query(`CREATE FUNCTION comment_search_refresh() RETURNS trigger LANGUAGE plpgsql
      AS $$ BEGIN
        UPDATE task t SET search = task_search_document(t.id, t.title, t.description)
        WHERE t.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.task_id ELSE NEW.task_id END;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER comment_search_refresh AFTER INSERT OR DELETE OR UPDATE OF body ON "comment"
      FOR EACH ROW EXECUTE FUNCTION comment_search_refresh()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER comment_search_refresh ON "comment"`);
    await queryRunner.query(`DROP FUNCTION comment_search_refresh()`);
    await queryRunner.query(`DROP TRIGGER task_search_refresh ON "task"`);
    await queryRunner.query(`DROP FUNCTION task_search_refresh()`);
    await queryRunner.query(`DROP INDEX "public"."task_search_idx"`);
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "search"`);
    await queryRunner.query(`DROP FUNCTION task_search_document(uuid, text, text)`);
    await queryRunner.query(`DROP FUNCTION task_priority_rank(text)`);
  }
}
