// Compiles every TypeScript source under apps/, libs/, tools/ and bench/ into dist/ (same layout) with SWC.
// Type checking is a separate step (`npm run typecheck`); this only has to be fast and faithful.
import { readdir, mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { transformFile } from '@swc/core';

const require = createRequire(import.meta.url);
const { swcOptions, root } = require('./swc-options.cjs');
const outDir = path.join(root, 'dist');
const sourceDirs = ['apps', 'libs', 'tools', 'bench'];
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(f);

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (isSource(entry.name)) yield full;
  }
}

const started = Date.now();
await rm(outDir, { recursive: true, force: true });
const files = [];
for (const dir of sourceDirs) for await (const file of walk(path.join(root, dir))) files.push(file);
const options = swcOptions();
await Promise.all(
  files.map(async (file) => {
    const rel = path.relative(root, file);
    const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    const { code, map } = await transformFile(file, {
      ...options,
      filename: file,
      sourceFileName: path.relative(path.dirname(target), file),
    });
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    if (map) await writeFile(`${target}.map`, map);
  }),
);
process.stdout.write(`build: ${files.length} files -> dist/ in ${Date.now() - started} ms\n`);
