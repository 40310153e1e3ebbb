import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { closedLoop } from '../closed-loop';
import { type BenchScenario } from '../scenario';

/** A fixed JSON body about the size of one task, answered by a bare node:http server in a process of its own. */
const SERVER = `
const http = require('node:http');
const body = JSON.stringify({ id: '0190c8d2-7a1b-7c3d-9e4f-5a6b7c8d9e0f', key: 'WEB-42', title: 'benchmark task', status: 'todo', priority: 'medium' });
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
}).listen(0, '127.0.0.1', function () { process.stdout.write('PORT ' + this.address().port + '\\n'); });
`;

/** Scenario 1: the machine's ceiling for one Node process answering HTTP, with the same load generator. */
export function ceilingScenario(): BenchScenario {
  let child: ChildProcess | undefined;
  let url = '';
  return {
    id: 's1-node-http-ceiling',
    title: '1. plain node:http, fixed JSON (ceiling)',
    unit: 'requests',
    needsStack: false,
    processesUnderTest: ['node:http server'],
    async setup(context) {
      const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
      child = server;
      const port = await new Promise<string>((resolve, reject) => {
        createInterface({ input: server.stdout }).on('line', (line) => {
          const match = /^PORT (\d+)$/.exec(line);
          if (match) resolve(match[1]);
        });
        server.once('exit', (code) => reject(new Error(`the node:http server exited (${code})`)));
      });
      url = `http://127.0.0.1:${port}`;
      context.ownProcesses.set('node:http server', server.pid ?? -1);
    },
    measure: (context, seconds) => closedLoop(url, seconds, context.connections, () => ({ method: 'GET', path: '/api/v1/tasks/1', headers: {} })),
    async teardown() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
