// Compiles projects' TypeScript with SWC into dist/, each project into dist/<projectRoot> (same layout as the sources):
//   node tools/build.mjs <projectRoot>...   the named projects (what each project's Nx `build` target runs)
//   node tools/build.mjs                    every project (a folder with a project.json under apps/, libs/, tools/, or
//                                           bench/), for the Dockerfile; `npm run build` goes through Nx instead
// Spec files are left out; test support files are compiled (integration tests start them as processes from dist/).
// Type checking is a separate target (`typecheck`); this only has to be fast and faithful.
//
// Parallel builds never see each other's half-built output: a build writes only its own projects' folders and never
// deletes dist/ or another project's folder; every file is written beside its target and renamed over it (a reader
// sees the old file or the new one, never a truncated one); files whose source is gone are removed last. Two builds
// of the same project at once (`npm start` beside `npm test`) write the same bytes.
import { readdir, mkdir, writeFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { transformFile } from '@swc/core';

const require = createRequire(import.meta.url);
const { swcOptions, root } = require('./swc-options.cjs');
/** TASKHUB_BUILD_OUT_DIR: another output folder than dist/ (tools/workspace-checks' build test builds into a temporary one) */
const outDir = path.resolve(root, process.env.TASKHUB_BUILD_OUT_DIR ?? 'dist');
const projectParents = ['apps', 'libs', 'tools', 'bench'];
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(f);
const isSkipped = (name) => name === 'node_modules' || name.startsWith('.');

async function entriesOf(dir) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
}

async function* walk(dir, keep) {
  for (const entry of await entriesOf(dir)) {
    if (isSkipped(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, keep);
    else if (keep(entry.name)) yield full;
  }
}

/** Every project root (relative, `/`-separated): the folders holding a project.json. */
async function allProjectRoots() {
  const roots = [];
  for (const parent of projectParents) {
    if (existsSync(path.join(root, parent, 'project.json'))) roots.push(parent);
    for await (const file of walk(path.join(root, parent), (name) => name === 'project.json')) {
      const dir = path.relative(root, path.dirname(file)).split(path.sep).join('/');
      if (dir !== parent) roots.push(dir);
    }
  }
  return roots.sort();
}

/** Writes `content` to `target` through a temporary file in the same folder and one rename (atomic on POSIX). */
async function writeAtomically(target, content) {
  const temporary = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, target);
}

async function buildProject(projectRoot, options) {
  const sourceRoot = path.join(root, projectRoot);
  if (!existsSync(path.join(sourceRoot, 'project.json'))) throw new Error(`${projectRoot} is not a project (no project.json)`);
  const projectOut = path.join(outDir, projectRoot);
  const written = new Set();
  const files = [];
  for await (const file of walk(sourceRoot, isSource)) files.push(file);
  await Promise.all(
    files.map(async (file) => {
      const target = path.join(outDir, path.relative(root, file).replace(/\.ts$/, '.js'));
      const { code, map } = await transformFile(file, {
        ...options,
        filename: file,
        sourceFileName: path.relative(path.dirname(target), file),
      });
      await mkdir(path.dirname(target), { recursive: true });
      if (map) await writeAtomically(`${target}.map`, map);
      await writeAtomically(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      written.add(target).add(`${target}.map`);
    }),
  );
  // last: what an earlier build wrote for a source that is gone (never this build's own temporary files of another run)
  for await (const stale of walk(projectOut, (name) => !name.endsWith('.tmp'))) {
    if (!written.has(stale)) await rm(stale, { force: true });
  }
  return files.length;
}

const started = Date.now();
const requested = process.argv.slice(2).map((dir) => dir.replace(/\/+$/, ''));
const projects = requested.length > 0 ? requested : await allProjectRoots();
const options = swcOptions();
let count = 0;
for (const projectRoot of projects) count += await buildProject(projectRoot, options);
const where = path.relative(root, outDir) || outDir;
const what = requested.length > 0 ? projects.join(', ') : `${projects.length} projects`;
process.stdout.write(`build: ${what}: ${count} files -> ${where}/ in ${Date.now() - started} ms\n`);
