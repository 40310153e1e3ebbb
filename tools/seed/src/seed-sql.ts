/**
 * The set-based SQL of the seed: every table is filled by one INSERT … SELECT over generate_series, never one
 * statement per row. Randomness is a hash of (seed, row index, purpose), so the same seed and anchor give the same
 * rows whatever plan Postgres picks. Helper functions live in pg_temp (gone with the session).
 */

const words = (list: string): string => `ARRAY[${list.split(' ').map((w) => `'${w.replace(/_/g, ' ')}'`).join(', ')}]`;

const FIRST_NAMES = words('Ada Grace Alan Linus Margaret Ken Barbara Dennis Radia Edsger Frances John Katherine Tim Hedy Guido Anita Bjarne Donald Sophie Yukihiro Rasmus Brendan Annie');
const LAST_NAMES = words('Lovelace Hopper Turing Torvalds Hamilton Thompson Liskov Ritchie Perlman Dijkstra Allen Backus Johnson Berners-Lee Lamarr Rossum Borg Stroustrup Knuth Wilson Matsumoto Lerdorf Eich Easley');
export const VERBS = words('Fix Add Refactor Document Investigate Migrate Remove Improve Test Design Review Update Optimize Deprecate Support');
export const OBJECTS = words('login_flow payment_retry search_index invoice_export avatar_upload password_reset email_digest webhook_delivery rate_limiter cache_warmup session_timeout onboarding_tour audit_log dark_mode csv_import notification_settings');
export const PLACES = words('on_mobile in_the_API for_admins on_Safari in_the_dashboard for_large_projects after_deploy in_staging for_new_users behind_the_gateway');
export const SENTENCES = words(
  'Customers_report_that_it_fails_intermittently. Steps_to_reproduce_are_in_the_linked_ticket. The_current_behaviour_confuses_new_users. ' +
    'We_agreed_on_this_in_the_planning_meeting. Needs_a_migration_and_a_feature_flag. Blocked_until_the_vendor_answers. ' +
    'Performance_degrades_with_thousands_of_rows. Make_sure_the_docs_are_updated_too.',
);
/** MAX_LABELS names (seed-shape.ts) */
const LABEL_NAMES = words('bug feature frontend backend docs ux infra security performance tech-debt customer release design api mobile qa');
const COLORS = words('#d73a4a #a2eeef #0075ca #7057ff #008672 #e4e669 #d876e3 #fbca04 #0e8a16 #1d76db #b60205 #5319e7');
const PROJECT_NAMES = words('Website Mobile_app Billing Platform Growth Search Onboarding Analytics Payments Infrastructure Support_tools Design_system');

/** `pick(ARRAY[...], r)`: the element at a random position of a literal array. */
export const pick = (array: string, r: string): string => `(${array})[1 + floor(${r} * array_length(${array}, 1))::int]`;

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

/** Tables the seed writes, for VACUUM (ANALYZE) afterwards. */
export const SEEDED_TABLES = ['person', 'project', 'project_member', 'label', 'task', 'task_assignee', 'task_label', 'comment'] as const;
