/**
 * The set-based SQL of the seed: every table is filled by one INSERT … SELECT over generate_series, never one
 * statement per row. Randomness is a hash of (seed, row index, purpose), so the same seed and anchor give the same
 * rows whatever plan Postgres picks. Helper functions live in pg_temp (gone with the session).
 */

const words = (list: string): string => `ARRAY[${list.split(' ').map((w) => `'${w.replace(/_/g, ' ')}'`).join(', ')}]`;

const FIRST_NAMES = words('Ada Grace Alan Linus Margaret Ken Barbara Dennis Radia Edsger Frances John Katherine Tim Hedy Guido Anita Bjarne Donald Sophie Yukihiro Rasmus Brendan Annie');
const LAST_NAMES = words('Lovelace Hopper Turing Torvalds Hamilton Thompson Liskov Ritchie Perlman Dijkstra Allen Backus Johnson Berners-Lee Lamarr Rossum Borg Stroustrup Knuth Wilson Matsumoto Lerdorf Eich Easley');
const VERBS = words('Fix Add Refactor Document Investigate Migrate Remove Improve Test Design Review Update Optimize Deprecate Support');
const OBJECTS = words('login_flow payment_retry search_index invoice_export avatar_upload password_reset email_digest webhook_delivery rate_limiter cache_warmup session_timeout onboarding_tour audit_log dark_mode csv_import notification_settings');
const PLACES = words('on_mobile in_the_API for_admins on_Safari in_the_dashboard for_large_projects after_deploy in_staging for_new_users behind_the_gateway');
const SENTENCES = words(
  'Customers_report_that_it_fails_intermittently. Steps_to_reproduce_are_in_the_linked_ticket. The_current_behaviour_confuses_new_users. ' +
    'We_agreed_on_this_in_the_planning_meeting. Needs_a_migration_and_a_feature_flag. Blocked_until_the_vendor_answers. ' +
    'Performance_degrades_with_thousands_of_rows. Make_sure_the_docs_are_updated_too.',
);
/** MAX_LABELS names (seed-shape.ts) */
const LABEL_NAMES = words('bug feature frontend backend docs ux infra security performance tech-debt customer release design api mobile qa');
const COLORS = words('#d73a4a #a2eeef #0075ca #7057ff #008672 #e4e669 #d876e3 #fbca04 #0e8a16 #1d76db #b60205 #5319e7');
const PROJECT_NAMES = words('Website Mobile_app Billing Platform Growth Search Onboarding Analytics Payments Infrastructure Support_tools Design_system');

/** `pick(ARRAY[...], r)`: the element at a random position of a literal array. */
const pick = (array: string, r: string): string => `(${array})[1 + floor(${r} * array_length(${array}, 1))::int]`;

/** Creates the pg_temp helpers: rnd (uniform in [0,1)) and uuid7 (a UUIDv7-shaped id, time-ordered like the service's). */
export function helperFunctions(seed: number): string[] {
  return [
    `CREATE OR REPLACE FUNCTION pg_temp.rnd(i bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT (hashint8extended(i, ${seed}::bigint * 1000 + salt) & 4503599627370495)::float8 / 4503599627370496 $$`,
    `CREATE OR REPLACE FUNCTION pg_temp.uuid7_of(ms bigint, h text) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT (lpad(to_hex(ms), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid $$`,
    `CREATE OR REPLACE FUNCTION pg_temp.uuid7(at timestamptz, i bigint, salt int) RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT pg_temp.uuid7_of(floor(extract(epoch FROM at) * 1000)::bigint, md5(${seed} || ':' || salt || ':' || i)) $$`,
    // A task's creation time: spread over the project's life in number order (numbers are given in creation order).
    `CREATE OR REPLACE FUNCTION pg_temp.task_created(project_created timestamptz, anchor timestamptz, size int, n int, i bigint)
      RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT project_created + (anchor - interval '1 hour' - project_created) * ((n - 1 + 0.9 * pg_temp.rnd(i, 40)) / size) $$`,
  ];
}

/** seed_person(g, id) ($1 anchor, $2 people), and the person rows ($1 anchor, $2 power users, never disabled). */
export const PEOPLE_SQL = [
  `CREATE TEMP TABLE seed_person ON COMMIT DROP AS
     SELECT g, pg_temp.uuid7($1::timestamptz - interval '1000 days' + g * interval '1 minute', g, 1) AS id
     FROM generate_series(0, $2::int - 1) g`,
  `INSERT INTO person (id, display_name, avatar_url, status, version, updated_at)
     SELECT id, ${pick(FIRST_NAMES, 'pg_temp.rnd(g, 2)')} || ' ' || ${pick(LAST_NAMES, 'pg_temp.rnd(g, 3)')},
       CASE WHEN pg_temp.rnd(g, 4) < 0.6 THEN 'https://avatars.example.com/' || id || '.png' END,
       CASE WHEN g >= $2::int AND pg_temp.rnd(g, 5) < 0.02 THEN 'disabled' ELSE 'active' END, 1, $1::timestamptz
     FROM seed_person`,
];

/** seed_project (one row per project with its global task offset) and the project rows. $1 anchor, $2 sizes, $3 members, $4 labels. */
export const PROJECTS_SQL = [
  `CREATE TEMP TABLE seed_project ON COMMIT DROP AS
     SELECT k, size, members, labels, first, created, pg_temp.uuid7(created, k, 10) AS id
     FROM (SELECT k::int, size, members, labels, (sum(size) OVER (ORDER BY k) - size)::bigint AS first,
             $1::timestamptz - make_interval(days => 30 + floor(pg_temp.rnd(k, 11) * 700)::int) AS created
           FROM unnest($2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS u(size, members, labels, k)) x`,
  `ALTER TABLE seed_project ADD PRIMARY KEY (k)`,
];

/**
 * seed_member(k, slot, user_id, role): slot 0 owns the project; slots 0..2 are power users (in many projects, most
 * assignments); the others are consecutive regular people from a random start. $1 people, $2 power users.
 */
export const MEMBERS_SQL = [
  `CREATE TEMP TABLE seed_member ON COMMIT DROP AS
     SELECT p.k, s.slot, pe.id AS user_id,
       CASE WHEN s.slot = 0 THEN 'owner' WHEN pg_temp.rnd(p.k * 10000 + s.slot, 21) < 0.15 THEN 'viewer' ELSE 'editor' END AS role
     FROM seed_project p
     CROSS JOIN LATERAL generate_series(0, p.members - 1) s(slot)
     JOIN seed_person pe ON pe.g = CASE WHEN s.slot < 3 THEN (p.k * 3 + s.slot) % $2::int
       ELSE $2::int + (floor(pg_temp.rnd(p.k, 22) * ($1::int - $2::int))::int + s.slot - 3) % ($1::int - $2::int) END`,
  `ALTER TABLE seed_member ADD PRIMARY KEY (k, slot)`,
];

/** The project rows, each with task_counter = its task count (the tasks take numbers 1..size). $1 anchor. */
export const PROJECT_ROWS_SQL = `
  INSERT INTO project (id, key, name, description, task_counter, created_by, archived_at, version, created_at, updated_at)
  SELECT p.id, 'SEED' || p.k, ${pick(PROJECT_NAMES, 'pg_temp.rnd(p.k, 12)')} || ' ' || p.k,
    CASE WHEN pg_temp.rnd(p.k, 13) < 0.5 THEN ${pick(SENTENCES, 'pg_temp.rnd(p.k, 14)')} END,
    p.size, m.user_id, CASE WHEN p.k > 10 AND pg_temp.rnd(p.k, 15) < 0.03 THEN $1::timestamptz - interval '7 days' END,
    1, p.created, p.created
  FROM seed_project p JOIN seed_member m ON m.k = p.k AND m.slot = 0`;

export const MEMBER_ROWS_SQL = `
  INSERT INTO project_member (project_id, user_id, role, added_by, added_at)
  SELECT p.id, m.user_id, m.role, o.user_id, p.created + m.slot * interval '1 hour'
  FROM seed_member m JOIN seed_project p ON p.k = m.k JOIN seed_member o ON o.k = m.k AND o.slot = 0`;

/** seed_label(k, slot, id) and the label rows: the first `labels` names of LABEL_NAMES (unique per project). */
export const LABELS_SQL = [
  `CREATE TEMP TABLE seed_label ON COMMIT DROP AS
     SELECT p.k, s.slot, pg_temp.uuid7(p.created, p.k * 100 + s.slot, 30) AS id, p.id AS project_id, p.created
     FROM seed_project p CROSS JOIN LATERAL generate_series(0, p.labels - 1) s(slot)`,
  `ALTER TABLE seed_label ADD PRIMARY KEY (k, slot)`,
  `INSERT INTO label (id, project_id, name, color, created_at)
     SELECT id, project_id, (${LABEL_NAMES})[slot + 1], (${COLORS})[1 + (k + slot) % array_length(${COLORS}, 1)], created
     FROM seed_label`,
];

/**
 * The tasks, numbered 1..size per project in creation order. Older tasks are more often done; 40 % have a due date
 * (5 pm on a day 1-45 days after creation), so open ones from earlier are overdue; one in seven tasks whose number is
 * not a multiple of 10 is a subtask of the task numbered just below a multiple of 10 (two levels at most); 2 % are
 * soft-deleted. $1 anchor.
 */
export const TASKS_SQL = `
  INSERT INTO task (id, project_id, number, title, description, status, priority, start_at, due_at, parent_id,
    completed_at, created_by, deleted_at, version, created_at, updated_at)
  SELECT pg_temp.uuid7(t.created_at, t.i, 41), t.project_id, t.n,
    ${pick(VERBS, 'pg_temp.rnd(t.i, 50)')} || ' ' || ${pick(OBJECTS, 'pg_temp.rnd(t.i, 51)')} || ' ' || ${pick(PLACES, 'pg_temp.rnd(t.i, 52)')},
    CASE WHEN pg_temp.rnd(t.i, 53) < 0.6 THEN ${pick(SENTENCES, 'pg_temp.rnd(t.i, 54)')} || ' ' || ${pick(SENTENCES, 'pg_temp.rnd(t.i, 55)')} END,
    t.status, t.priority,
    CASE WHEN t.due_at IS NOT NULL AND pg_temp.rnd(t.i, 56) < 0.25 THEN t.due_at - interval '3 days' END,
    t.due_at,
    CASE WHEN t.n % 10 <> 0 AND t.n > 10 AND pg_temp.rnd(t.i, 57) < 0.15
      THEN pg_temp.uuid7(pg_temp.task_created(t.project_created, $1::timestamptz, t.size, t.n - t.n % 10, t.i - t.n % 10), t.i - t.n % 10, 41) END,
    t.completed_at, m.user_id,
    CASE WHEN pg_temp.rnd(t.i, 58) < 0.02 THEN least($1::timestamptz - interval '1 minute', t.created_at + interval '2 days') END,
    1 + floor(pg_temp.rnd(t.i, 59) * 4)::int + (t.status = 'done')::int,
    t.created_at,
    least($1::timestamptz - interval '1 second', coalesce(t.completed_at, t.created_at) + pg_temp.rnd(t.i, 60) * interval '3 days')
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
        SELECT p.k, p.id AS project_id, p.created AS project_created, p.size, p.members, n, p.first + n - 1 AS i,
          pg_temp.rnd(p.first + n - 1, 64) AS s, pg_temp.rnd(p.first + n - 1, 65) AS q,
          0.05 + 0.7 * (1 - (n - 1)::float8 / p.size) AS done
        FROM seed_project p CROSS JOIN LATERAL generate_series(1, p.size) n
      ) r
    ) s
  ) t
  JOIN seed_member m ON m.k = t.k AND m.slot = floor(t.members * pg_temp.rnd(t.i, 66) ^ 2)::int`;

/** The seeded tasks with their project's row and global index, for the tables that hang off tasks. */
const SEEDED_TASKS = `
  SELECT t.id, t.created_at, p.k, p.members, p.labels, p.first + t.number - 1 AS i
  FROM task t JOIN seed_project p ON p.id = t.project_id`;

/** 0, 1 or 2 assignees (12 / 73 / 15 %), members drawn with a strong skew towards slots 0..2 (the power users). */
export const ASSIGNEES_SQL = `
  INSERT INTO task_assignee (task_id, user_id)
  SELECT x.id, m.user_id
  FROM (
    SELECT t.id, t.k, CASE WHEN a.nth = 1 THEN c.s1 ELSE (c.s1 + 1 + floor((t.members - 1) * pg_temp.rnd(t.i, 72))::int) % t.members END AS slot
    FROM (${SEEDED_TASKS}) t
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
    FROM (${SEEDED_TASKS}) t
    CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.35 THEN 0 WHEN r < 0.8 THEN 1 WHEN r < 0.95 THEN 2 ELSE 3 END AS cnt
      FROM (SELECT pg_temp.rnd(t.i, 81) AS r) z) c
    CROSS JOIN LATERAL generate_series(1, c.cnt) a(nth)
  ) x JOIN seed_label l ON l.k = x.k AND l.slot = x.slot`;

/** 0-4 comments per task (floor(5 r^3): most tasks none or one, a few long threads) by members of the project. $1 anchor. */
export const COMMENTS_SQL = `
  INSERT INTO comment (id, task_id, author_id, body, mentions, version, created_at, updated_at)
  SELECT pg_temp.uuid7(x.at, x.i * 8 + x.nth, 90), x.id, m.user_id,
    ${pick(SENTENCES, 'pg_temp.rnd(x.i * 8 + x.nth, 91)')} || ' ' || ${pick(VERBS, 'pg_temp.rnd(x.i * 8 + x.nth, 92)')} || ' '
      || ${pick(OBJECTS, 'pg_temp.rnd(x.i * 8 + x.nth, 93)')},
    '{}', 1, x.at, x.at
  FROM (
    SELECT t.id, t.k, t.i, t.members, a.nth,
      t.created_at + ($1::timestamptz - t.created_at) * ((a.nth - 1 + pg_temp.rnd(t.i * 8 + a.nth, 94)) / 5) AS at
    FROM (${SEEDED_TASKS}) t
    CROSS JOIN LATERAL generate_series(1, floor(5 * pg_temp.rnd(t.i, 95) ^ 3)::int) a(nth)
  ) x JOIN seed_member m ON m.k = x.k AND m.slot = floor(x.members * pg_temp.rnd(x.i * 8 + x.nth, 96) ^ 2)::int`;

/** Tables the seed writes, for ANALYZE afterwards. */
export const SEEDED_TABLES = ['person', 'project', 'project_member', 'label', 'task', 'task_assignee', 'task_label', 'comment'] as const;
