import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './compose-file';
import { affectedTasks, nx, type NxProject, projectGraph } from './nx-workspace';

/** Every file under `dir` whose name ends with `suffix` (node_modules and dot-folders left out). */
function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesEndingWith(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

/** per call of Nx: it computes the project graph each time (no daemon), several seconds on a loaded machine */
const NX_TIMEOUT_MS = 120_000;

const commandOf = (project: NxProject, target: string): string | undefined => project.data.targets[target]?.options?.command;

/** Nx's targets as docs/development.md describes them ("Nx: targets, cache, affected"). */
describe('Nx targets', () => {
  let projects: NxProject[];

  beforeAll(() => {
    projects = Object.values(projectGraph()).sort((a, b) => a.name.localeCompare(b.name));
  }, NX_TIMEOUT_MS);

  it('should give every project lint, typecheck, unit and test, and a cached build (e2e: its suite instead)', () => {
    const missing = projects.flatMap((project) =>
      ['lint', 'typecheck', 'unit', 'test', ...(project.name === 'e2e' ? ['e2e'] : ['build'])]
        .filter((target) => !project.data.targets[target])
        .map((target) => `${project.name}:${target}`),
    );
    expect(missing).toEqual([]);
    expect(projects.filter((p) => p.data.targets.build && p.data.targets.build.cache !== true).map((p) => p.name)).toEqual([]);
  });

  it('should build each project into dist/<its root> alone, so that no two builds write the same files', () => {
    const built = projects.filter((project) => project.data.targets.build);
    expect(built.map((p) => [p.name, p.data.targets.build.outputs, commandOf(p, 'build')])).toEqual(
      built.map((p) => [p.name, ['{workspaceRoot}/dist/{projectRoot}'], `node tools/build.mjs ${p.data.root}`]),
    );
    const roots = built.map((p) => `${p.data.root}/`);
    const nested = roots.flatMap((a) => roots.filter((b) => a !== b && b.startsWith(a)).map((b) => `${b} inside ${a}`));
    expect(nested).toEqual([]);
  });

  it('should give an integration target to every project with *.int-spec.ts files, and to no other', () => {
    const withSpecs = projects
      .filter((project) => project.name !== 'e2e' && filesEndingWith(path.join(root, project.data.root), '.int-spec.ts').length > 0)
      .map((p) => p.name);
    expect(projects.filter((p) => p.data.targets.integration).map((p) => p.name)).toEqual(withSpecs);
    expect(projects.map((p) => [p.name, p.data.targets.test.dependsOn])).toEqual(
      projects.map((p) => [p.name, p.name === 'e2e' ? ['unit', 'e2e'] : ['unit', 'integration']]),
    );
  });

  it('should give the deployables of tools/bundles.json, and only them, a bundle and an image target', () => {
    const deployables = Object.keys(JSON.parse(readFileSync(path.join(root, 'tools/bundles.json'), 'utf8')) as object).sort();
    expect(projects.filter((p) => p.data.targets.bundle).map((p) => p.name)).toEqual(deployables);
    expect(projects.filter((p) => p.data.targets.image).map((p) => [p.name, commandOf(p, 'image')])).toEqual(
      deployables.map((name) => [name, `docker build --build-arg APP=${name} -t taskhub/${name}:dev .`]),
    );
  });

  it('should let the integration and e2e suites run side by side (each run has its own databases, vhost and key prefix)', () => {
    const alone = projects.flatMap((p) =>
      Object.entries(p.data.targets)
        .filter(([, target]) => target.parallelism === false)
        .map(([name]) => `${p.name}:${name}`),
    );
    // `parallelism: false` would make Nx run such a task with nothing beside it, and npm test's suites one at a time
    expect(alone).toEqual([]);
    expect(readFileSync(path.join(root, 'tools/test.sh'), 'utf8')).toMatch(/nx run-many -t integration e2e --parallel=2 /);
  });

  it('should list as affected by a change to one service that service and its dependants only', () => {
    const affected = JSON.parse(nx(['show', 'projects', '--affected', '--files=apps/user-service/src/main.ts', '--json'])) as string[];
    expect(affected.sort()).toEqual(['e2e', 'openapi-docs', 'user-service', 'workspace-checks']);
  }, NX_TIMEOUT_MS);

  it('should run lint, typecheck, test and build of that service and its dependants, plus the builds their tests run from dist/', () => {
    const tasks = affectedTasks(['lint', 'typecheck', 'test', 'build'], ['apps/user-service/src/main.ts']);
    const full = (project: string): string[] => ['build', 'integration', 'lint', 'test', 'typecheck', 'unit'].map((t) => `${project}:${t}`);
    expect(tasks.filter((task) => !task.endsWith(':build') || ['openapi-docs', 'user-service', 'workspace-checks'].includes(task.split(':')[0]))).toEqual([
      'e2e:e2e',
      'e2e:lint',
      'e2e:test',
      'e2e:typecheck',
      'e2e:unit',
      ...full('openapi-docs'),
      ...full('user-service'),
      ...full('workspace-checks'),
    ]);
    // the other builds are there because integration and e2e run code from dist/ (each a cached SWC compile)
    expect(tasks.filter((task) => task.endsWith(':build'))).toEqual(
      projects.filter((p) => p.data.targets.build).map((p) => `${p.name}:build`),
    );
  }, NX_TIMEOUT_MS);

  it('should list as affected by a change to a library the projects that import it, not the whole workspace', () => {
    const affected = JSON.parse(nx(['show', 'projects', '--affected', '--files=libs/tooling/observability/src/index.ts', '--json'])) as string[];
    expect(affected.sort()).toEqual(['e2e', 'tooling-observability', 'workspace-checks']);
  }, NX_TIMEOUT_MS);
});
