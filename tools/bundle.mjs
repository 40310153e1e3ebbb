// One deployable's bundle: only its own code and the packages that code needs, for its image (Dockerfile) and
// `nx run <project>:bundle`. Bundles the SWC output of `node tools/build.mjs` (decorator metadata is already emitted
// there; esbuild cannot emit it) with esbuild, every npm package left external:
//   <out>/dist/<entry>.js(.map)   each entry at its path under dist/ (the images' commands stay `node dist/apps/...`)
//   <out>/package.json            name and version of the workspace (the OpenAPI document's version), and the
//                                 dependencies the bundle's import graph names, at the workspace's pinned versions
//   <out>/package-lock.json       the workspace's lock pruned to those dependencies: `npm ci --omit=dev` installs
//                                 exactly the versions the workspace was tested with (argon2's prebuilt binary too)
// Packages stay external, not bundled: OpenTelemetry instruments `pg` and `http` by hooking require(), argon2 is a
// native addon, swagger-ui and pino's worker load files beside their own code at run time.
//   node tools/bundle.mjs <project> [--out <dir>]
// after the build; default dir: dist-bundles/<project> (beside dist/, which the build empties).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

/**
 * Each deployable and the programs its image runs (tools/bundles.json), as paths under dist/ without `.js`. The gateway
 * image carries the one-shots of the edge and the infrastructure (Kong itself runs the gateway in compose and
 * Kubernetes; the local runner apps/gateway/src/main.ts is not shipped).
 */
export const BUNDLES = require('./bundles.json');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');

/** `@scope/name/sub` or `name/sub` → the package's name; undefined for a Node built-in. */
function packageNameOf(specifier) {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * The workspace dependencies the bundle needs: the packages it imports, then every workspace dependency that one of
 * those declares as a peer (optional ones too: typeorm loads `pg`, @nestjs/common loads class-validator by name).
 * A package the code imports that the workspace lists only as a devDependency is an error: production would lack it.
 */
function dependenciesOf(imported, workspace) {
  const wanted = new Set();
  const missing = [...imported].filter((name) => !workspace.dependencies[name]);
  if (missing.length > 0) {
    const dev = missing.filter((name) => workspace.devDependencies?.[name]);
    throw new Error(
      `the bundle imports ${missing.join(', ')}, not among package.json's dependencies` +
        (dev.length > 0 ? ` (${dev.join(', ')}: devDependencies; production code needs them in dependencies)` : ''),
    );
  }
  const queue = [...imported];
  while (queue.length > 0) {
    const name = queue.shift();
    if (wanted.has(name)) continue;
    wanted.add(name);
    const manifest = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) if (workspace.dependencies[peer]) queue.push(peer);
  }
  return Object.fromEntries([...wanted].sort().map((name) => [name, workspace.dependencies[name]]));
}

/**
 * The workspace's lock cut down to `dependencies`: the root entry lists only them, and npm drops every entry nothing
 * reaches any more (offline: every version stays the one already locked).
 */
function writePrunedLock(out, manifest) {
  copyFileSync(path.join(root, 'package-lock.json'), path.join(out, 'package-lock.json'));
  execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--offline'], {
    cwd: out,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const lock = JSON.parse(readFileSync(path.join(out, 'package-lock.json'), 'utf8'));
  const extra = Object.keys(lock.packages[''].dependencies ?? {}).filter((name) => !manifest.dependencies[name]);
  if (extra.length > 0 || lock.packages[''].devDependencies) throw new Error(`pruned lock still lists ${extra.join(', ')}`);
}

/** A service's `main` and default port (package.json's `config.port`); nothing for a bundle of one-shots. */
function serviceMain(project, entries) {
  const main = entries.find((entry) => entry === `apps/${project}/src/main`);
  if (!main) return {};
  const { SERVICE_CATALOG } = require(path.join(distDir, 'libs/platform/config/src/service-catalog.js'));
  const service = SERVICE_CATALOG.find((s) => s.app === project);
  if (!service) throw new Error(`${project} serves, but is not in SERVICE_CATALOG (libs/platform/config)`);
  return { main: `dist/${main}.js`, config: { port: service.port } };
}

export async function bundle(project, out = path.join(root, 'dist-bundles', project)) {
  const entries = BUNDLES[project];
  if (!entries) throw new Error(`no bundle for ${project}; one of: ${Object.keys(BUNDLES).join(', ')}`);
  for (const entry of entries) {
    if (!existsSync(path.join(distDir, `${entry}.js`))) throw new Error(`dist/${entry}.js is missing: run \`node tools/build.mjs\` first`);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await esbuild.build({
    entryPoints: entries.map((entry) => path.join(distDir, `${entry}.js`)),
    outbase: distDir,
    outdir: path.join(out, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    // TypeORM names entities and migrations, Nest its providers and logs, after the classes: keep every name
    keepNames: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  const imported = new Set();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const { path: specifier, external } of input.imports) {
      const name = external && !specifier.startsWith('<') ? packageNameOf(specifier) : undefined;
      if (name) imported.add(name);
    }
  }
  const workspace = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const manifest = {
    name: workspace.name,
    version: workspace.version,
    private: true,
    description: `TaskHub ${project}: ${entries.map((e) => `dist/${e}.js`).join(', ')}`,
    license: workspace.license,
    engines: workspace.engines,
    // `node .` in the image; the health check's port when PORT is unset (the service's default, from its catalogue)
    ...serviceMain(project, entries),
    dependencies: dependenciesOf(imported, workspace),
  };
  writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writePrunedLock(out, manifest);
  return { out, dependencies: Object.keys(manifest.dependencies) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [project, flag, dir] = process.argv.slice(2);
  if (!project || (flag !== undefined && (flag !== '--out' || !dir))) {
    console.error('usage: node tools/bundle.mjs <project> [--out <dir>]');
    process.exit(2);
  }
  const started = Date.now();
  const { out, dependencies } = await bundle(project, dir ? path.resolve(dir) : undefined);
  console.log(`bundle: ${project} -> ${path.relative(root, out) || out} in ${Date.now() - started} ms (${dependencies.length} packages: ${dependencies.join(' ')})`);
}
