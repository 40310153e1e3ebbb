import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { keyIdsIn, writeNewKeyPair } from '@taskhub/platform-auth';
import { type ServiceDescriptor } from '@taskhub/platform-config';
import { brokerPermissionsOfAllServices } from '@taskhub/platform-messaging';
import { redisUserName } from '@taskhub/platform-redis';
import {
  ensureInfrastructure,
  managementApiUserAdmin,
  provisionRedisUsers,
  provisionServiceBrokerUsers,
  provisionServiceDatabase,
  RabbitmqctlMissing,
  rabbitmqctlUserAdmin,
  startProcess,
  stopProcess,
  taskhubRedisUsers,
  waitForHttp,
  type ManagedProcess,
  type ServiceReplica,
} from '@taskhub/tooling-stack';
import {
  brokerVhost,
  DEV_BROKER_PASSWORD,
  DEV_DATABASE_PASSWORD,
  DEV_REDIS_PASSWORD,
  GATEWAY_PROXY_PORT,
  GATEWAY_STATUS_PORT,
  distEntry,
  gatewayConnectTo,
  serviceDatabaseUrl,
  serviceRabbitmqUrl,
  serviceInstances,
  serviceRedisUrl,
  type DevStackConfig,
} from './dev-stack-config';
import { say } from './output';
import { readReplicaEnv, readReplicaWanted, startDevelopmentReplica } from './read-replica';

/** the longest prefix: `[notification-service#8]` */
const NAME_WIDTH = 'notification-service#8'.length;
const READY_TIMEOUT_MS = 120_000;

/** Thrown for failures whose message is the whole story (no stack trace needed). */
export class DevStackError extends Error {}

/**
 * The processes of one `npm start`: migrations, the four services (each as many times as its <SERVICE>_REPLICAS asks,
 * every instance on its own port and with its own log prefix) and the gateway, all from dist/.
 * Children run in their own process group so Ctrl-C reaches only this supervisor, which stops them in order.
 */
export class DevStack {
  private readonly running = new Set<ManagedProcess>();
  private stopping = false;
  /** the development read replica's port, when TASKHUB_READ_REPLICA=1 */
  private replicaPort: number | undefined;

  constructor(private readonly config: DevStackConfig) {}

  get isStopping(): boolean {
    return this.stopping;
  }

  async prepare(): Promise<void> {
    this.assertBuilt();
    say('checking PostgreSQL, Redis and RabbitMQ');
    await ensureInfrastructure(this.config.infrastructure, { log: say });
    for (const service of this.config.services) {
      const { created } = await provisionServiceDatabase(this.config.infrastructure.postgresAdminUrl, {
        database: service.database,
        role: service.database,
        password: DEV_DATABASE_PASSWORD,
        developmentDatabase: true,
      });
      say(`database ${service.database} ${created ? 'created' : 'present'} (owned by role ${service.database})`);
    }
    await this.provisionBrokerUsers();
    await this.provisionRedisUsers();
    if (readReplicaWanted(process.env)) {
      this.replicaPort = await startDevelopmentReplica(process.env);
      say(`read replica on port ${this.replicaPort}: the task and user services read GET requests from it`);
    }
    const keys = keyIdsIn(this.config.jwtKeysDir, 'private');
    if (keys.length === 0) say(`development signing key ${writeNewKeyPair(this.config.jwtKeysDir)} generated in ${path.relative(this.config.root, this.config.jwtKeysDir)}/ (git-ignored)`);
    else say(`signing keys: ${keys.join(', ')} (${path.relative(this.config.root, this.config.jwtKeysDir)}/)`);
  }

  /**
   * Each service's own broker user (taskhub_<service>, the development password) with the permissions of
   * docs/event-backbone.md ("Access control"): by rabbitmqctl on this machine's broker, else (not installed, or
   * RABBITMQ_URL elsewhere) through the management API, RABBITMQ_MANAGEMENT_URL or http://<amqp host>:15672, as
   * RABBITMQ_URL's user.
   */
  private async provisionBrokerUsers(): Promise<void> {
    const vhost = brokerVhost(this.config);
    const users = brokerPermissionsOfAllServices().map((permissions) => ({ permissions, password: DEV_BROKER_PASSWORD }));
    const amqp = new URL(this.config.infrastructure.rabbitmqUrl);
    const viaApi = (): Promise<string[]> => {
      const managementUrl = process.env.RABBITMQ_MANAGEMENT_URL ?? `http://${amqp.hostname}:15672`;
      const admin = managementApiUserAdmin(managementUrl, decodeURIComponent(amqp.username) || 'guest', decodeURIComponent(amqp.password) || 'guest');
      return provisionServiceBrokerUsers(admin, vhost, users);
    };
    let names: string[];
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(amqp.hostname)) {
      names = await viaApi();
    } else {
      try {
        names = await provisionServiceBrokerUsers(rabbitmqctlUserAdmin(), vhost, users);
      } catch (error) {
        if (!(error instanceof RabbitmqctlMissing)) throw error;
        names = await viaApi();
      }
    }
    say(`broker users ${names.join(', ')} ready on vhost ${vhost} (each service connects as its own)`);
  }

  /**
   * Each service's own Redis user (taskhub_<service>) and the gateway's (taskhub_gateway), the development password,
   * the rules of docs/security.md ("Redis users"), made as REDIS_URL's user (this machine's Redis: `default`).
   */
  private async provisionRedisUsers(): Promise<void> {
    const names = await provisionRedisUsers(this.config.infrastructure.redisUrl, taskhubRedisUsers(() => DEV_REDIS_PASSWORD));
    say(`Redis users ${names.join(', ')} ready (each service and the gateway connect as their own)`);
  }

  async migrate(): Promise<void> {
    say('applying migrations');
    await Promise.all(
      this.config.services.map(async (service) => {
        const migration = this.spawn(`${service.name}-migrate`, distEntry(this.config, service.app, 'migrate.js'), {
          DATABASE_URL: serviceDatabaseUrl(this.config, service),
        });
        const status = await migration.exited;
        this.running.delete(migration);
        if (status.code !== 0 && !this.stopping) {
          throw new DevStackError(
            `migrations of ${service.app} failed (${status.signal ?? `exit code ${status.code}`}); last output:\n` +
              migration.lastLines(30).join('\n'),
          );
        }
      }),
    );
  }

  /** Starts the services' instances and the gateway and resolves once all are ready; rejects when one dies first. */
  async start(onUnexpectedExit: (p: ManagedProcess) => void): Promise<void> {
    const services = this.config.services.flatMap((service) =>
      serviceInstances(this.config, service).map((instance) => ({ instance, process: this.startService(service, instance) })),
    );
    const gateway = this.spawn('gateway', path.join(this.config.root, 'dist/apps/gateway/src/main.js'), {
      KONG_DECLARATIVE_CONFIG: this.config.kongConfig,
      KONG_PROXY_LISTEN: `0.0.0.0:${GATEWAY_PROXY_PORT}`,
      KONG_STATUS_LISTEN: `0.0.0.0:${GATEWAY_STATUS_PORT}`,
      GATEWAY_CONNECT_TO: gatewayConnectTo(this.config),
      JWT_PUBLIC_KEYS_DIR: this.config.jwtKeysDir,
      TASKHUB_GATEWAY_REDIS_USER: redisUserName('gateway'),
      TASKHUB_GATEWAY_REDIS_PASSWORD: DEV_REDIS_PASSWORD,
    });
    for (const p of [...services.map((s) => s.process), gateway]) {
      void p.exited.then(() => {
        this.running.delete(p);
        if (!this.stopping) onUnexpectedExit(p);
      });
    }
    await Promise.all([
      ...services.map(({ instance, process }) =>
        waitForHttp(`http://127.0.0.1:${instance.port}/health/ready`, { process, timeoutMs: READY_TIMEOUT_MS }),
      ),
      waitForHttp(`http://127.0.0.1:${GATEWAY_STATUS_PORT}/status`, { process: gateway, timeoutMs: READY_TIMEOUT_MS }),
    ]);
  }

  /** Gateway first (no new traffic), then the services together, each with SIGTERM and a deadline. */
  async stop(): Promise<void> {
    this.stopping = true;
    const all = [...this.running];
    const gateway = all.filter((p) => p.name === 'gateway');
    await Promise.all(gateway.map((p) => stopProcess(p, { timeoutMs: 10_000 })));
    await Promise.all(all.filter((p) => p.name !== 'gateway').map((p) => stopProcess(p, { timeoutMs: 20_000 })));
    this.running.clear();
  }

  /** Last resort when this process exits without stop(): do not leave orphans behind. */
  killAll(): void {
    for (const p of this.running) p.child.kill('SIGTERM');
  }

  get processCount(): number {
    return this.running.size;
  }

  /** One instance: the same database, Redis user and prefix, broker user and queues as its siblings, its own port. */
  private startService(service: ServiceDescriptor, instance: ServiceReplica): ManagedProcess {
    return this.spawn(instance.name, distEntry(this.config, service.app, 'main.js'), {
      NODE_ENV: 'development',
      PORT: String(instance.port),
      DATABASE_URL: serviceDatabaseUrl(this.config, service),
      REDIS_URL: serviceRedisUrl(this.config, service),
      RABBITMQ_URL: serviceRabbitmqUrl(this.config, service),
      JWT_PUBLIC_KEYS_DIR: this.config.jwtKeysDir,
      ...readReplicaEnv(service.name, serviceDatabaseUrl(this.config, service), this.replicaPort),
      ...(service.name === 'auth' ? { AUTH_SIGNING_KEYS_DIR: this.config.jwtKeysDir } : {}),
    });
  }

  private spawn(name: string, script: string, env: NodeJS.ProcessEnv): ManagedProcess {
    const logFile = path.join(this.config.logDir, `${name}.log`);
    rmSync(logFile, { force: true });
    const inherited = { ...process.env };
    // the dev stack sets these per process; a value exported in the shell must not leak into every service
    for (const key of ['PORT', 'DATABASE_URL', 'REDIS_KEY_PREFIX', 'GATEWAY_REDIS_KEY_PREFIX']) delete inherited[key];
    const managed = startProcess({
      name,
      command: process.execPath,
      args: ['--enable-source-maps', script],
      env: { ...inherited, ...env },
      cwd: this.config.root,
      logFile,
      prefixWidth: NAME_WIDTH,
      detached: true,
    });
    this.running.add(managed);
    return managed;
  }

  private assertBuilt(): void {
    const entries = [
      ...this.config.services.flatMap((s) => [distEntry(this.config, s.app, 'main.js'), distEntry(this.config, s.app, 'migrate.js')]),
      path.join(this.config.root, 'dist/apps/gateway/src/main.js'),
    ];
    const missing = entries.filter((e) => !existsSync(e));
    if (missing.length > 0) {
      throw new DevStackError(
        `not built: ${missing.map((m) => path.relative(this.config.root, m)).join(', ')} missing; run \`npm run build\` (npm start does)`,
      );
    }
    if (!existsSync(this.config.kongConfig)) throw new DevStackError(`gateway configuration ${this.config.kongConfig} is missing`);
  }
}
