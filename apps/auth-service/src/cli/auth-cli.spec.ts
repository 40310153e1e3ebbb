import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keyIdsIn } from '@taskhub/platform-auth';
import { runAuthCli } from './auth-cli';

describe('runAuthCli', () => {
  let root: string;
  let lines: string[];
  const run = (argv: string[], env: NodeJS.ProcessEnv): Promise<number> => runAuthCli(argv, { env, out: (line) => lines.push(line) });

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'taskhub-auth-cli-'));
    lines = [];
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("should make a key pair and publish its public half alone with compose's one-shot environment (production, no secrets)", async () => {
    const env = { NODE_ENV: 'production', AUTH_SIGNING_KEYS_DIR: path.join(root, 'signing'), JWT_PUBLIC_KEYS_DIR: path.join(root, 'public') };

    expect(await run(['keys', 'ensure'], env)).toBe(0);
    expect(await run(['keys', 'publish'], env)).toBe(0);
    expect(await run(['keys', 'publish'], env)).toBe(0);

    const [kid] = keyIdsIn(env.AUTH_SIGNING_KEYS_DIR, 'private');
    expect(readdirSync(env.JWT_PUBLIC_KEYS_DIR)).toEqual([`${kid}.public.pem`]);
    expect(lines.slice(1)).toEqual([`${env.JWT_PUBLIC_KEYS_DIR}: ${kid} published`, `${env.JWT_PUBLIC_KEYS_DIR}: up to date`]);
  });

  it('should refuse a role command in production whose DATABASE_URL is a development default, naming only that variable', async () => {
    expect(await run(['grant-role', 'ada@example.com', 'admin'], { NODE_ENV: 'production' })).toBe(1);

    expect(lines).toEqual([expect.stringMatching(/^auth-admin: invalid configuration for auth-service:\n {2}- DATABASE_URL is not set: [^\n]*$/)]);
  });
});
