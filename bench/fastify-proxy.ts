import Fastify from 'fastify';
import proxy from '@fastify/http-proxy';

/**
 * Baseline for the gateway benchmark: a plain Fastify reverse proxy (@fastify/http-proxy, undici underneath) with no
 * plugins, no logging and no routing beyond one prefix. It is what "a plain Fastify proxy keeps about a third of the
 * direct throughput" refers to, measured in the same run as the gateway. Usage: `node fastify-proxy.js <upstreamPort>`;
 * prints `PORT <n>` once listening.
 */
async function main(): Promise<void> {
  const upstreamPort = Number(process.argv[2]);
  if (!Number.isInteger(upstreamPort)) throw new Error('usage: fastify-proxy <upstreamPort>');
  const app = Fastify({ logger: false });
  await app.register(proxy, { upstream: `http://127.0.0.1:${upstreamPort}`, prefix: '/api/v1/tasks', rewritePrefix: '/api/v1/tasks' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : ''}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
