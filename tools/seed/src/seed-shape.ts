/**
 * How many people, projects, members and labels a seed of N tasks gets, and how the tasks split over the projects.
 * Pure arithmetic (unit-tested); the SQL in seed-sql.ts turns it into rows.
 */

/** one person per this many tasks (at least MIN_PEOPLE) */
const TASKS_PER_PERSON = 200;
/** one project per this many tasks on average (at least MIN_PROJECTS) */
const TASKS_PER_PROJECT = 500;
const MIN_PEOPLE = 20;
const MIN_PROJECTS = 5;
/** Zipf exponent of project sizes: project k gets a share proportional to 1 / k^s */
const ZIPF_EXPONENT = 1.05;
/** members 0..2 of every project are drawn from the "power users" (the first 1 % of people, at least 3) */
export const POWER_SLOTS = 3;
/** the most labels a project gets (LABEL_NAMES in seed-sql.ts has this many names) */
export const MAX_LABELS = 16;

export interface SeedProjectShape {
  /** 1-based rank: project 1 is the largest */
  readonly rank: number;
  readonly tasks: number;
  readonly members: number;
  readonly labels: number;
}

export interface SeedShape {
  readonly tasks: number;
  readonly people: number;
  /** people 0..powerUsers-1 sit in many projects and get most assignments */
  readonly powerUsers: number;
  readonly projects: readonly SeedProjectShape[];
}

/** Task counts per project, Zipf-like (a few huge, many small), summing exactly to `tasks`, largest first. */
export function projectSizes(tasks: number, projects: number): number[] {
  const weights = Array.from({ length: projects }, (_, i) => 1 / Math.pow(i + 1, ZIPF_EXPONENT));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const sizes = weights.map((w) => Math.floor((tasks * w) / total));
  const remainder = tasks - sizes.reduce((sum, size) => sum + size, 0);
  for (let i = 0; i < remainder; i++) sizes[i % projects] += 1;
  return sizes;
}

/** The whole shape of a seed of `tasks` tasks. */
export function seedShape(tasks: number): SeedShape {
  if (!Number.isInteger(tasks) || tasks < 1) throw new Error(`tasks must be a positive integer, got ${tasks}`);
  const people = Math.max(MIN_PEOPLE, Math.round(tasks / TASKS_PER_PERSON));
  const powerUsers = Math.max(POWER_SLOTS, Math.floor(people / 100));
  const regular = people - powerUsers;
  const projectCount = Math.max(MIN_PROJECTS, Math.round(tasks / TASKS_PER_PROJECT));
  const projects = projectSizes(tasks, projectCount).map((size, i) => ({
    rank: i + 1,
    tasks: size,
    members: Math.min(POWER_SLOTS + regular, POWER_SLOTS + Math.floor(Math.sqrt(size) / 2)),
    labels: Math.min(MAX_LABELS, 3 + Math.floor(Math.log2(size + 1) / 1.5)),
  }));
  return { tasks, people, powerUsers, projects };
}
