import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './compose-file';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The Dockerfile's instructions (continuation lines joined, comments dropped), split into stages at each FROM. */
function stages(): Instruction[][] {
  const text = readFileSync(path.join(root, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const instructions = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.trim().split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const result: Instruction[][] = [[]];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') result.push([]);
    result[result.length - 1].push(instruction);
  }
  return result;
}

/** The images' Dockerfile (docs/deployment.md, "Images"): what no engine here can build is at least held to its rules. */
describe('Dockerfile', () => {
  const [global, ...built] = stages();
  const runtime = built[built.length - 1];
  const defaults = Object.fromEntries(
    global.filter((i) => i.keyword === 'ARG' && i.args.includes('=')).map((i) => [i.args.slice(0, i.args.indexOf('=')), i.args.slice(i.args.indexOf('=') + 1)]),
  );

  it('should pin every base image to an exact version (or a digest)', () => {
    const images = built.map((stage) => stage[0].args.split(' ')[0].replace(/^\$\{(\w+)\}$/, (_whole, name: string) => defaults[name] ?? '(unset)'));

    expect(images.length).toBeGreaterThanOrEqual(2);
    expect(images.filter((image) => !/:\d+\.\d+\.\d+[\w.-]*$|@sha256:[0-9a-f]{64}$/.test(image))).toEqual([]);
  });

  it('should run as a non-root user, with a health check on /health/live by node (no curl in a slim image)', () => {
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1)?.args;
    const healthcheck = runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';

    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
    expect(healthcheck).toMatch(/CMD \["node", "-e", .*\/health\/live/);
    expect(healthcheck).not.toMatch(/curl|wget/);
  });

  it("should ship the bundle of its APP alone: nothing of the build's workspace but /bundle", () => {
    const copies = runtime.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
    const build = built[0].map((i) => i.args).join('\n');

    expect(build).toContain('node tools/bundle.mjs "${APP}" --out /bundle');
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.filter((i) => !/^--from=\w+ \/bundle\//.test(i.args))).toEqual([]);
  });
});
