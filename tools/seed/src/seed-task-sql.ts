import { OBJECTS, pick, PLACES, SENTENCES, VERBS } from './seed-sql';

/**
 * The tasks, numbered 1..size per project in creation order, into seed_task first (the comments, assignees and labels
 * are drawn from it). Titles come from small word lists (common words), 30 % with a support ticket reference (ZD<n>,
 * n < 30000: rare words, as most searched words are). Older tasks are more often done; 40 % have a due date (5 pm on a day 1-45 days after creation),
 * so open ones from earlier are overdue; one in seven tasks whose number is not a multiple of 10 is a subtask of the
 * task numbered just below a multiple of 10 (two levels at most); 2 % are soft-deleted. $1 anchor.
 */
export const SEED_TASK_SQL = `
  CREATE TEMP TABLE seed_task ON COMMIT DROP AS
  SELECT pg_temp.uuid7(t.created_at, t.i, 41) AS id, t.project_id, t.n AS number, t.k, t.i, t.members, t.labels,
    ${pick(VERBS, 'pg_temp.rnd(t.i, 50)')} || ' ' || ${pick(OBJECTS, 'pg_temp.rnd(t.i, 51)')} || ' ' || ${pick(PLACES, 'pg_temp.rnd(t.i, 52)')}
      || CASE WHEN pg_temp.rnd(t.i, 67) < 0.3 THEN ' (ZD' || floor(pg_temp.rnd(t.i, 68) * 30000)::int || ')' ELSE '' END AS title,
    CASE WHEN pg_temp.rnd(t.i, 53) < 0.6 THEN ${pick(SENTENCES, 'pg_temp.rnd(t.i, 54)')} || ' ' || ${pick(SENTENCES, 'pg_temp.rnd(t.i, 55)')} END AS description,
    t.status, t.priority,
    CASE WHEN t.due_at IS NOT NULL AND pg_temp.rnd(t.i, 56) < 0.25 THEN t.due_at - interval '3 days' END AS start_at,
    t.due_at,
    CASE WHEN t.n % 10 <> 0 AND t.n > 10 AND pg_temp.rnd(t.i, 57) < 0.15
      THEN pg_temp.uuid7(pg_temp.task_created(t.project_created, $1::timestamptz, t.size, t.n - t.n % 10, t.i - t.n % 10), t.i - t.n % 10, 41) END AS parent_id,
    t.completed_at, m.user_id AS created_by,
    CASE WHEN pg_temp.rnd(t.i, 58) < 0.02 THEN least($1::timestamptz - interval '1 minute', t.created_at + interval '2 days') END AS deleted_at,
    1 + floor(pg_temp.rnd(t.i, 59) * 4)::int + (t.status = 'done')::int AS version,
    t.created_at,
    least($1::timestamptz - interval '1 second', coalesce(t.completed_at, t.created_at) + pg_temp.rnd(t.i, 60) * interval '3 days') AS updated_at
  FROM (
    SELECT s.*, CASE WHEN s.status = 'done' THEN least($1::timestamptz - interval '1 minute', s.created_at + pg_temp.rnd(s.i, 61) * interval '20 days') END AS completed_at
    FROM (
      SELECT r.*, pg_temp.task_created(r.project_created, $1::timestamptz, r.size, r.n, r.i) AS created_at,
        CASE WHEN pg_temp.rnd(r.i, 62) < 0.4 THEN date_trunc('day', pg_temp.task_created(r.project_created, $1::timestamptz, r.size, r.n, r.i))
          + (1 + floor(pg_temp.rnd(r.i, 63) * 45)::int) * interval '1 day' + interval '17 hours' END AS due_at,
        CASE WHEN r.s < r.done THEN 'done' WHEN r.s < r.done + 0.06 THEN 'cancelled' WHEN r.s < r.done + 0.18 THEN 'in_progress'
          WHEN r.s < r.done + 0.22 THEN 'blocked' ELSE 'todo' END AS status,
        CASE WHEN r.q < 0.4 THEN 'none' WHEN r.q < 0.6 THEN 'low' WHEN r.q < 0.82 THEN 'medium' WHEN r.q < 0.95 THEN 'high' ELSE 'urgent' END AS priority
      FROM (
        SELECT p.k, p.id AS project_id, p.created AS project_created, p.size, p.members, p.labels, n, p.first + n - 1 AS i,
          pg_temp.rnd(p.first + n - 1, 64) AS s, pg_temp.rnd(p.first + n - 1, 65) AS q,
          0.05 + 0.7 * (1 - (n - 1)::float8 / p.size) AS done
        FROM seed_project p CROSS JOIN LATERAL generate_series(1, p.size) n
      ) r
    ) s
  ) t
  JOIN seed_member m ON m.k = t.k AND m.slot = floor(t.members * pg_temp.rnd(t.i, 66) ^ 2)::int`;

/** 0-4 comments per task (floor(5 r^3): most tasks none or one, a few long threads) by members of the project. $1 anchor. */
export const SEED_COMMENT_SQL = `
  CREATE TEMP TABLE seed_comment ON COMMIT DROP AS
  SELECT pg_temp.uuid7(x.at, x.i * 8 + x.nth, 90) AS id, x.task_id, m.user_id AS author_id,
    ${pick(SENTENCES, 'pg_temp.rnd(x.i * 8 + x.nth, 91)')} || ' ' || ${pick(VERBS, 'pg_temp.rnd(x.i * 8 + x.nth, 92)')} || ' '
      || ${pick(OBJECTS, 'pg_temp.rnd(x.i * 8 + x.nth, 93)')} AS body,
    x.at AS created_at
  FROM (
    SELECT t.id AS task_id, t.k, t.i, t.members, a.nth,
      t.created_at + ($1::timestamptz - t.created_at) * ((a.nth - 1 + pg_temp.rnd(t.i * 8 + a.nth, 94)) / 5) AS at
    FROM seed_task t
    CROSS JOIN LATERAL generate_series(1, floor(5 * pg_temp.rnd(t.i, 95) ^ 3)::int) a(nth)
  ) x JOIN seed_member m ON m.k = x.k AND m.slot = floor(x.members * pg_temp.rnd(x.i * 8 + x.nth, 96) ^ 2)::int`;

/**
 * The search triggers (per row: the task's, and the comment's that recomputes the task's vector for each comment)
 * are off while the seed writes; each task's vector is computed once, in the INSERT, as task_search_document
 * (migration 1797010000000) would compute it. The seed's integration test compares the two.
 */
export const SEARCH_TRIGGERS_OFF_SQL = [
  `ALTER TABLE task DISABLE TRIGGER task_search_refresh`,
  `ALTER TABLE comment DISABLE TRIGGER comment_search_refresh`,
];
export const SEARCH_TRIGGERS_ON_SQL = [
  `ALTER TABLE task ENABLE TRIGGER task_search_refresh`,
  `ALTER TABLE comment ENABLE TRIGGER comment_search_refresh`,
];

/**
 * The vectors of each distinct title, description and comment body (a few thousand strings: the seed draws them from
 * word lists), so no string is parsed twice; a task's comment vector is the ordered concatenation of its comments'
 * (tsvector || shifts positions as one parse of the joined text does, as every body ends with a word that is no stop word).
 */
export const SEARCH_VECTORS_SQL = [
  `CREATE OR REPLACE AGGREGATE pg_temp.tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')`,
  `CREATE TEMP TABLE seed_text_vector ON COMMIT DROP AS
     SELECT text, to_tsvector('english', text) AS english, to_tsvector('simple', text) AS simple
     FROM (SELECT title AS text FROM seed_task UNION SELECT description FROM seed_task WHERE description IS NOT NULL
           UNION SELECT body FROM seed_comment) x`,
  `ALTER TABLE seed_text_vector ADD PRIMARY KEY (text)`,
  `CREATE TEMP TABLE seed_comment_vector ON COMMIT DROP AS
     SELECT c.task_id, pg_temp.tsvector_agg(v.english ORDER BY c.id) AS english, pg_temp.tsvector_agg(v.simple ORDER BY c.id) AS simple
     FROM seed_comment c JOIN seed_text_vector v ON v.text = c.body GROUP BY c.task_id`,
];

/** Tables whose secondary indexes the seed drops before loading and builds again after. */
export const BULK_TABLES = ['task', 'task_assignee', 'task_label', 'comment'];

/**
 * The secondary indexes of those tables (not the ones behind a primary key or unique constraint, which the foreign
 * keys and the numbering rely on), with their definitions. $1 the tables.
 */
export const SECONDARY_INDEXES_SQL = `
  SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
  FROM pg_index i
  WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
  ORDER BY 1`;

export const TASK_ROWS_SQL = `
  INSERT INTO task (id, project_id, number, title, description, status, priority, start_at, due_at, parent_id,
    completed_at, created_by, deleted_at, version, created_at, updated_at, search)
  SELECT t.id, t.project_id, t.number, t.title, t.description, t.status, t.priority, t.start_at, t.due_at, t.parent_id,
    t.completed_at, t.created_by, t.deleted_at, t.version, t.created_at, t.updated_at,
    setweight(tv.english, 'A') || setweight(tv.simple, 'A')
      || setweight(coalesce(dv.english, ''), 'B') || setweight(coalesce(dv.simple, ''), 'B')
      || setweight(coalesce(cv.english, ''), 'C') || setweight(coalesce(cv.simple, ''), 'C')
  FROM seed_task t
  JOIN seed_text_vector tv ON tv.text = t.title
  LEFT JOIN seed_text_vector dv ON dv.text = t.description
  LEFT JOIN seed_comment_vector cv ON cv.task_id = t.id
  ORDER BY t.created_at, t.id`;

export const COMMENT_ROWS_SQL = `
  INSERT INTO comment (id, task_id, author_id, body, mentions, version, created_at, updated_at)
  SELECT id, task_id, author_id, body, '{}', 1, created_at, created_at FROM seed_comment ORDER BY id`;

/** 0, 1 or 2 assignees (12 / 73 / 15 %), members drawn with a strong skew towards slots 0..2 (the power users). */
export const ASSIGNEES_SQL = `
  INSERT INTO task_assignee (task_id, user_id)
  SELECT x.id, m.user_id
  FROM (
    SELECT t.id, t.k, CASE WHEN a.nth = 1 THEN c.s1 ELSE (c.s1 + 1 + floor((t.members - 1) * pg_temp.rnd(t.i, 72))::int) % t.members END AS slot
    FROM seed_task t
    CROSS JOIN LATERAL (SELECT floor(t.members * pg_temp.rnd(t.i, 70) ^ 3)::int AS s1,
      CASE WHEN pg_temp.rnd(t.i, 71) < 0.12 THEN 0 WHEN pg_temp.rnd(t.i, 71) < 0.85 OR t.members < 2 THEN 1 ELSE 2 END AS cnt) c
    CROSS JOIN LATERAL generate_series(1, c.cnt) a(nth)
  ) x JOIN seed_member m ON m.k = x.k AND m.slot = x.slot`;

/** 0-3 labels of the task's project (35 / 45 / 15 / 5 %), the first ones of the project more often. */
export const TASK_LABELS_SQL = `
  INSERT INTO task_label (task_id, label_id)
  SELECT x.id, l.id
  FROM (
    SELECT t.id, t.k, (floor(t.labels * pg_temp.rnd(t.i, 80) ^ 2)::int + a.nth - 1) % t.labels AS slot
    FROM seed_task t
    CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.35 THEN 0 WHEN r < 0.8 THEN 1 WHEN r < 0.95 THEN 2 ELSE 3 END AS cnt
      FROM (SELECT pg_temp.rnd(t.i, 81) AS r) z) c
    CROSS JOIN LATERAL generate_series(1, c.cnt) a(nth)
  ) x JOIN seed_label l ON l.k = x.k AND l.slot = x.slot`;
