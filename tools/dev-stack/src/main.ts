import { ProcessExitedError, type ManagedProcess } from '@taskhub/tooling-stack';
import { DevStack, DevStackError } from './dev-stack';
import { devStackConfig, type DevStackConfig } from './dev-stack-config';
import { readinessSummary, say } from './output';
import { surveyPorts } from './port-survey';

/**
 * `npm start`: PostgreSQL/Redis/RabbitMQ checked (and started if installed), the taskhub_* databases and roles created,
 * migrations applied, the four services and the gateway started from dist/ with one prefixed log stream, and a summary
 * printed once everything is ready. Ctrl-C (or SIGTERM) stops it all and exits 0.
 * `node dist/tools/dev-stack/src/main.js migrate`: the databases and migrations only.
 */
async function main(argv: readonly string[]): Promise<number> {
  const command = argv[0] ?? 'start';
  if (command !== 'start' && command !== 'migrate') {
    say(`unknown command "${command}"; usage: main.js [start|migrate]`);
    return 2;
  }
  let config: DevStackConfig;
  try {
    config = devStackConfig();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    say(error.message);
    return 2;
  }
  if (command === 'start') {
    const verdict = await checkPorts(config);
    if (verdict !== undefined) return verdict;
  }
  const stack = new DevStack(config);
  const started = Date.now();
  let resolveStopped: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stack.isStopping) {
      say(`${signal} again: killing what is left`);
      stack.killAll();
      process.exit(1);
    }
    say(`${signal}: stopping (gateway first, then the services)`);
    void stack.stop().then(() => {
      say('stopped');
      resolveStopped(0);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => stack.killAll());

  let ready = false;
  const work = async (): Promise<number | undefined> => {
    await stack.prepare();
    if (stack.isStopping) return undefined;
    await stack.migrate();
    if (command === 'migrate' || stack.isStopping) return command === 'migrate' ? 0 : undefined;
    say(`starting the four services (${instanceCounts(config)}) and the gateway`);
    // before readiness, a death is reported once by start() rejecting
    await stack.start((p) => ready && onUnexpectedExit(stack, p, resolveStopped));
    if (stack.isStopping) return undefined;
    ready = true;
    process.stdout.write(readinessSummary(config, `TaskHub is ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops everything.`));
    return undefined;
  };
  try {
    const code = await work();
    if (code !== undefined) return code;
  } catch (error) {
    if (stack.isStopping) return stopped;
    report(error);
    await stack.stop();
    return 1;
  }
  return stopped;
}

function onUnexpectedExit(stack: DevStack, p: ManagedProcess, resolveStopped: (code: number) => void): void {
  const status = p.exitStatus;
  say(`${p.name} exited (${status?.signal ?? `code ${status?.code}`}); last output:\n${p.lastLines(15).join('\n')}`);
  if (stack.processCount === 0) {
    say('nothing left running');
    resolveStopped(1);
  } else {
    say('the other processes keep running; fix the cause, then Ctrl-C and `npm start` again');
  }
}

function report(error: unknown): void {
  if (error instanceof ProcessExitedError || error instanceof DevStackError) say(error.message);
  else say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** `auth 1, user 1, task 2, notification 1 instance(s)` */
function instanceCounts(config: DevStackConfig): string {
  return `${config.services.map((s) => `${s.name} ${config.replicas[s.name]}`).join(', ')} instance(s)`;
}

/** undefined: go ahead; a number: exit with it (already running, or a port taken by something else). */
async function checkPorts(config: DevStackConfig): Promise<number | undefined> {
  const { needed: reports, surplus } = await surveyPorts(config);
  const foreign = reports.filter((r) => r.state === 'foreign');
  const ours = reports.filter((r) => r.state === 'taskhub');
  if (foreign.length > 0) {
    for (const r of foreign) say(`port ${r.port} (${r.name}) is taken by another program, not TaskHub (${r.detail ?? 'no answer'})`);
    say('free those ports (e.g. `ss -ltnp | grep <port>` shows who holds them) and try again');
    return 1;
  }
  if (ours.length === reports.length && surplus.length > 0) {
    say(`TaskHub is already running with more instances than asked (${instanceCounts(config)}): ${surplus.map((r) => `${r.name} :${r.port}`).join(', ')} answer too;`);
    say('stop it (Ctrl-C in the terminal running `npm start`) and start again to change the replica counts');
    return 1;
  }
  if (ours.length === reports.length) {
    say('TaskHub is already running on these ports (every /health/live and the gateway /status answer); nothing to do');
    process.stdout.write(readinessSummary(config, 'TaskHub (already running):'));
    return 0;
  }
  if (ours.length > 0) {
    say(`part of TaskHub is already running (${ours.map((r) => `${r.name} :${r.port}`).join(', ')}) but not all of it`);
    say(`(or it runs with other replica counts than ${instanceCounts(config)});`);
    say('stop it (Ctrl-C in the terminal running `npm start`) and start again');
    return 1;
  }
  return undefined;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    report(error);
    process.exit(1);
  },
);
