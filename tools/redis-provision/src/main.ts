// platform-config's barrel also holds decorated config classes, which need the Reflect metadata API loaded first
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { provisionRedisUsers, taskhubRedisUsers } from '@taskhub/tooling-stack';
import { REDIS_ADMIN_USER, renderAclFile } from './acl-file';
import { parseRedisProvisionArgs, USAGE } from './provision-args';

/**
 * `npm run redis:provision -- --url <admin url> | --acl-file <path>`: TaskHub's Redis users (docs/security.md, "Redis
 * users"). compose's one-shot `redis-acl` writes the ACL file Redis starts with, so a restarted Redis still has them;
 * the Kubernetes Job `redis-users` provisions an external Redis through an administrator's URL.
 */
async function main(argv: readonly string[]): Promise<number> {
  const command = parseRedisProvisionArgs(argv, process.env);
  if (command.kind === 'usage') {
    process.stderr.write(`${command.error}\n${USAGE}\n`);
    return 2;
  }
  const users = taskhubRedisUsers((principal) => command.passwords[principal]);
  if (command.kind === 'server') {
    const names = await provisionRedisUsers(command.url, users);
    process.stdout.write(`Redis users ${names.join(', ')} provisioned\n`);
    return 0;
  }
  writeFileSync(command.path, renderAclFile(command.adminPassword, users), { mode: 0o644 });
  process.stdout.write(`ACL file ${command.path} written: default off, ${[REDIS_ADMIN_USER, ...users.map((u) => u.name)].join(', ')}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`redis:provision failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
