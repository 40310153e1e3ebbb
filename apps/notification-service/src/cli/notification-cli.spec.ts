import { runNotificationCli } from './notification-cli';

describe('runNotificationCli', () => {
  it.each([
    [[], 'no command'],
    [['emails', 'delete'], 'unknown command: emails delete'],
    [['emails', 'replay', 'not-an-id'], 'not an e-mail id: not-an-id'],
  ])('should refuse %j with exit code 2 and the usage', async (argv, problem) => {
    const lines: string[] = [];

    const code = await runNotificationCli(argv, { env: {}, out: (line) => lines.push(line) });

    expect(code).toBe(2);
    expect(lines[0].split('\n')[0]).toBe(`notification-admin: ${problem}`);
    expect(lines[0]).toContain('notification-admin emails replay [<id> ...]');
  });
});
