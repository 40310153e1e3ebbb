// platform-config's barrel also holds decorated config classes, which need the Reflect metadata API loaded first
import 'reflect-metadata';
import { brokerPermissionsOfAllServices, brokerUserName } from '@taskhub/platform-messaging';
import { waitFor } from '@taskhub/platform-testing';
import { managementApiUserAdmin, provisionServiceBrokerUsers } from '@taskhub/tooling-stack';
import { parseProvisionArgs, USAGE } from './provision-args';

/**
 * `npm run broker:provision -- --url http://rabbitmq:15672`: the service users of TaskHub on a RabbitMQ server, through
 * its management API (compose's one-shot `broker-users`; a Kubernetes Job or an operator for an external broker).
 * Idempotent: run it before every deployment; a user's password is set to the one given.
 */
async function main(argv: readonly string[]): Promise<number> {
  const command = parseProvisionArgs(argv, process.env);
  if (command.kind === 'usage') {
    process.stderr.write(`${command.error}\n${USAGE}\n`);
    return 2;
  }
  const policy = brokerPermissionsOfAllServices();
  if (command.kind === 'print') {
    process.stdout.write(`${JSON.stringify(policy.map((p) => ({ user: brokerUserName(p.service), ...p })), null, 2)}\n`);
    return 0;
  }
  const overview = `${command.url.replace(/\/$/, '')}/api/overview`;
  const authorization = `Basic ${Buffer.from(`${command.admin.user}:${command.admin.password}`).toString('base64')}`;
  await waitFor(async () => (await fetch(overview, { headers: { authorization }, signal: AbortSignal.timeout(5_000) })).ok, {
    description: `RabbitMQ's management API at ${command.url}`,
    timeoutMs: command.waitSeconds * 1_000,
    intervalMs: 1_000,
  });
  const admin = managementApiUserAdmin(command.url, command.admin.user, command.admin.password);
  const users = policy.map((permissions) => ({ permissions, password: command.passwords[permissions.service] }));
  const names = await provisionServiceBrokerUsers(admin, command.vhost, users);
  process.stdout.write(`broker users ${names.join(', ')} provisioned on vhost ${command.vhost} at ${command.url}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`broker:provision failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
