import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { envVarsOf, SERVICE_CATALOG, type ServiceConfigClass, type ServiceName } from '@taskhub/platform-config';
import { parseAddressList } from '@taskhub/platform-net';
// The variables a service's Deployment sets are checked against what its config class reads (as compose-environment
// does for compose): the apps expose no library entry point, and this spec is one of the places that needs them.
/* eslint-disable @nx/enforce-module-boundaries */
import { AuthServiceConfig } from '../../../apps/auth-service/src/config/auth.config';
import { NotificationServiceConfig } from '../../../apps/notification-service/src/config/notification.config';
import { TaskServiceConfig } from '../../../apps/task-service/src/config/task.config';
import { UserServiceConfig } from '../../../apps/user-service/src/config/user.config';
/* eslint-enable @nx/enforce-module-boundaries */
import { find, OVERLAYS, renderOverlay, type RenderedObject, selects, type Workload, workloadsOf } from './k8s-render';
import { unpinnedImages } from './pinned-images';

const root = path.resolve(__dirname, '../../..');
const read = (rel: string): string => readFileSync(path.join(root, rel), 'utf8');

interface K8sObject {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[] };
  seccompProfile?: { type: string };
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  ports?: { containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
  startupProbe?: { httpGet: { path: string } };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  initContainers?: Container[];
  containers: Container[];
  restartPolicy?: string;
  securityContext?: SecurityContext;
  volumes?: {
    name: string;
    configMap?: { name: string };
    secret?: { secretName: string };
    emptyDir?: object;
    persistentVolumeClaim?: { claimName: string };
  }[];
}
interface CronJobSpec {
  schedule: string;
  concurrencyPolicy?: string;
  startingDeadlineSeconds?: number;
  jobTemplate: { spec: { backoffLimit?: number; template: { spec: PodSpec } } };
}

const CONFIG_CLASSES: Record<ServiceName, ServiceConfigClass> = {
  auth: AuthServiceConfig,
  user: UserServiceConfig,
  task: TaskServiceConfig,
  notification: NotificationServiceConfig,
};
/** The services whose GET requests may read from a replica (docs/read-replicas.md). */
const READ_REPLICA_SERVICES: readonly ServiceName[] = ['task', 'user'];

const RENDER_CLI = 'dist/apps/gateway/src/render-kong-config.js';

/** The value after `flag` in a command line. */
function argument(command: readonly string[] | undefined, flag: string): string {
  const i = (command ?? []).indexOf(flag);
  if (i === -1 || i + 1 >= (command ?? []).length) throw new Error(`no ${flag} in ${JSON.stringify(command)}`);
  return command![i + 1];
}
const dirOf = (file: string): string => file.slice(0, file.lastIndexOf('/'));

function k8sBase(): K8sObject[] {
  const dir = path.join(root, 'deploy/k8s/base');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as K8sObject));
}

describe('deployment manifests', () => {
  const objects = k8sBase();
  const podSpec = (name: string): PodSpec => {
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
    if (!deployment) throw new Error(`no Deployment ${name} in deploy/k8s/base`);
    return (deployment.spec as { template: { spec: PodSpec } }).template.spec;
  };

  it.each(SERVICE_CATALOG.map((s) => [s.app, s]))(
    'should deploy %s on its catalog port with probes, migrations and its own database secret',
    (_app, service) => {
      const spec = podSpec(service.app);
      const container = spec.containers[0];
      expect(container.ports?.[0]?.containerPort).toBe(service.port);
      expect(container.env).toContainEqual({ name: 'PORT', value: String(service.port) });
      expect(container.readinessProbe?.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe?.httpGet.path).toBe('/health/live');
      expect(spec.initContainers?.[0]?.command).toEqual(['node', `dist/apps/${service.app}/src/migrate.js`]);
      const secrets = container.envFrom?.flatMap((e) => (e.secretRef ? [e.secretRef.name] : []));
      expect(secrets).toEqual([`taskhub-${service.name}-db`]);
    },
  );

  it.each(SERVICE_CATALOG.map((s) => [s.app, s]))('should give %s the public keys from jwt-public-keys at JWT_PUBLIC_KEYS_DIR', (_app, service) => {
    const spec = podSpec(service.app);
    const common = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'taskhub-common') as unknown as { data: Record<string, string> };
    const dir = common.data.JWT_PUBLIC_KEYS_DIR;
    const mount = spec.containers[0].volumeMounts?.find((m) => m.mountPath === dir);

    expect(spec.containers[0].envFrom).toContainEqual({ configMapRef: { name: 'taskhub-common' } });
    expect(mount?.readOnly).toBe(true);
    expect(spec.volumes?.find((v) => v.name === mount?.name)?.configMap?.name).toBe('jwt-public-keys');
  });

  it("should keep credentials out of taskhub-common: each service's come from its own Secret", () => {
    const common = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'taskhub-common') as unknown as { data: Record<string, string> };

    // RABBITMQ_URL without a user would log in as guest, which NODE_ENV=production refuses
    expect(Object.keys(common.data).filter((name) => ['DATABASE_URL', 'RABBITMQ_URL', 'CURSOR_SIGNING_SECRET'].includes(name))).toEqual([]);
  });

  it('should give the auth service its private keys from a Secret, and never let it generate one', () => {
    const spec = podSpec('auth-service');
    const container = spec.containers[0];
    const dir = container.env?.find((e) => e.name === 'AUTH_SIGNING_KEYS_DIR')?.value;
    const mount = container.volumeMounts?.find((m) => m.mountPath === dir);

    expect(container.env).toContainEqual({ name: 'AUTH_GENERATE_SIGNING_KEY', value: 'false' });
    expect(spec.volumes?.find((v) => v.name === mount?.name)?.secret?.secretName).toBe('auth-signing-keys');
    for (const other of SERVICE_CATALOG.filter((s) => s.name !== 'auth')) {
      expect(podSpec(other.app).volumes?.some((v) => v.secret?.secretName === 'auth-signing-keys')).toBe(false);
    }
  });

  it.each(SERVICE_CATALOG.map((s) => [s.app, s]))('should set on %s only variables its config class reads', (_app, service) => {
    const read = new Set(envVarsOf(CONFIG_CLASSES[service.name]).map((v) => v.name));
    const spec = podSpec(service.app);
    const set = [...(spec.initContainers ?? []), ...spec.containers].flatMap((c) => (c.env ?? []).map((e) => e.name));

    expect(set.filter((name) => !read.has(name))).toEqual([]);
  });

  it.each(READ_REPLICA_SERVICES.map((name) => [name]))(
    'should let the %s service read from a replica named by an optional Secret, with pool sizes per role and a lag threshold',
    (name) => {
      const spec = podSpec(`${name}-service`);
      const env = spec.containers[0].env ?? [];
      const value = (variable: string): string | undefined => env.find((e) => e.name === variable)?.value;

      // optional: without the Secret the variable is unset and every read goes to the primary
      expect(env.find((e) => e.name === 'READ_DATABASE_URL')).toEqual({
        name: 'READ_DATABASE_URL',
        valueFrom: { secretKeyRef: { name: `taskhub-${name}-db-replica`, key: 'READ_DATABASE_URL', optional: true } },
      });
      expect([value('DATABASE_POOL_MAX'), value('DATABASE_REPLICA_POOL_MAX'), value('REPLICA_MAX_LAG_MS')].every((v) => /^\d+$/.test(v ?? ''))).toBe(true);
      // migrations write: the primary only
      expect(spec.initContainers?.flatMap((c) => (c.env ?? []).map((e) => e.name))).not.toContain('READ_DATABASE_URL');
    },
  );

  it('should give no replica to the services that do not route reads', () => {
    const others = SERVICE_CATALOG.filter((s) => !READ_REPLICA_SERVICES.includes(s.name));
    const withReplica = others.filter((s) => podSpec(s.app).containers.some((c) => (c.env ?? []).some((e) => e.name === 'READ_DATABASE_URL')));

    expect(others.length).toBeGreaterThan(0);
    expect(withReplica.map((s) => s.app)).toEqual([]);
  });

  it('should build every manifest of deploy/k8s/base (its kustomization lists each file)', () => {
    const kustomization = parse(read('deploy/k8s/base/kustomization.yaml')) as { resources: string[] };
    const files = readdirSync(path.join(root, 'deploy/k8s/base')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('should leave the archiving of activity months to the CronJob: no task-service pod archives', () => {
    expect(podSpec('task-service').containers[0].env).toContainEqual({ name: 'ACTIVITY_ARCHIVE_IN_SERVICE', value: 'false' });
  });

  it("should archive activity months in a CronJob, with the task service's image, configuration and security, onto the claim task-activity-archive", () => {
    const cronJob = objects.find((o) => o.kind === 'CronJob' && o.metadata.name === 'task-activity-archive');
    if (!cronJob) throw new Error('no CronJob task-activity-archive in deploy/k8s/base');
    const schedule = cronJob.spec as unknown as CronJobSpec;
    const spec = schedule.jobTemplate.spec.template.spec;
    const [archive] = spec.containers;
    const service = podSpec('task-service');
    const dir = archive.env?.find((e) => e.name === 'ACTIVITY_ARCHIVE_DIR')?.value;
    const mount = archive.volumeMounts?.find((m) => m.mountPath === dir);
    const claim = spec.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
    const pvc = objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === claim) as unknown as {
      spec: { accessModes: string[]; storageClassName?: string; resources: { requests: { storage: string } } };
    };

    expect(archive.image).toBe('taskhub/task-service');
    expect(archive.command).toEqual(['node', 'dist/apps/task-service/src/activity-admin.js', 'archive']);
    expect(archive.envFrom).toEqual(service.containers[0].envFrom);
    expect(dir).toMatch(/^\//);
    expect(mount?.readOnly).not.toBe(true);
    expect(claim).toBe('task-activity-archive');
    expect(pvc?.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(pvc?.spec.storageClassName).toBeUndefined();
    expect(pvc?.spec.resources.requests.storage).toMatch(/^\d+Gi$/);
    expect([schedule.concurrencyPolicy, spec.restartPolicy]).toEqual(['Forbid', 'OnFailure']);
    expect(schedule.startingDeadlineSeconds).toBeGreaterThan(0);
    expect(schedule.jobTemplate.spec.backoffLimit).toBeGreaterThan(0);
    expect(spec.securityContext).toEqual(service.securityContext);
    expect(archive.securityContext).toEqual(service.containers[0].securityContext);
    expect(archive.resources?.requests?.memory).toBeDefined();
    expect(archive.resources?.limits?.memory).toBeDefined();
  });

  it('should generate the Kong configuration from kong/kong.yml itself, not a copy', () => {
    const kustomization = parse(read('deploy/k8s/base/kustomization.yaml')) as {
      configMapGenerator: { name: string; files: string[] }[];
    };
    expect(kustomization.configMapGenerator).toContainEqual({
      name: 'kong-declarative',
      files: ['kong.yml=../../../kong/kong.yml'],
    });
  });

  it('should render the file Kong loads in an init container, from kong.yml and the jwt-public-keys ConfigMap', () => {
    const spec = podSpec('kong');
    const render = spec.initContainers?.find((c) => c.command?.includes(RENDER_CLI));
    if (!render) throw new Error('the kong Deployment has no init container running render-kong-config');
    expect(render.image).toBe('taskhub/gateway');
    const mountOf = (container: Container, path: string) => container.volumeMounts?.find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
    const volumeOf = (container: Container, path: string) => spec.volumes?.find((v) => v.name === mountOf(container, path)?.name);
    expect(volumeOf(render, argument(render.command, '--config'))?.configMap?.name).toBe('kong-declarative');
    expect(volumeOf(render, argument(render.command, '--public-keys'))?.configMap?.name).toBe('jwt-public-keys');
    const out = argument(render.command, '--out');
    const kong = spec.containers.find((c) => c.name === 'kong')!;
    const declarative = kong.env?.find((e) => e.name === 'KONG_DECLARATIVE_CONFIG')?.value;
    expect(declarative).toBe(out);
    expect(mountOf(kong, declarative!)?.name).toBe(mountOf(render, out)?.name);
    expect(volumeOf(kong, declarative!)?.emptyDir).toBeDefined();
  });

  it('should render the file Kong loads in compose with a one-shot service Kong waits for', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { command?: string[]; volumes?: string[]; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> }>;
    };
    const [name, render] = Object.entries(compose.services).find(([, s]) => s.command?.includes(RENDER_CLI)) ?? [];
    if (!name || !render) throw new Error('no compose service runs render-kong-config');
    const kong = compose.services.kong;
    expect(kong.depends_on?.[name]).toEqual({ condition: 'service_completed_successfully' });
    const volume = (service: typeof render, path: string) => service.volumes?.map((v) => v.split(':')).find(([, target]) => path === target || path.startsWith(`${target}/`));
    expect(volume(render, argument(render.command, '--config'))?.[0]).toBe('./kong/kong.yml');
    expect(volume(render, argument(render.command, '--public-keys'))?.[2]).toBe('ro');
    const out = argument(render.command, '--out');
    const declarative = kong.environment?.KONG_DECLARATIVE_CONFIG ?? '';
    expect(declarative.slice(declarative.lastIndexOf('/'))).toBe(out.slice(out.lastIndexOf('/')));
    expect(volume(kong, dirOf(declarative))?.[0]).toBe(volume(render, dirOf(out))?.[0]);
  });

  it('should give every compose service its own database and a migration step before it starts', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> }>;
    };
    for (const service of SERVICE_CATALOG) {
      const entry = compose.services[service.app];
      expect(entry?.environment?.DATABASE_URL).toMatch(new RegExp(`^postgres://${service.database}:[^@]+@postgres:5432/${service.database}$`));
      expect(entry?.depends_on?.[`${service.name}-migrate`]).toEqual({ condition: 'service_completed_successfully' });
      expect(compose.services[`${service.name}-migrate`]?.environment?.DATABASE_URL).toBe(entry?.environment?.DATABASE_URL);
    }
  });

  it("should archive activity months in compose's single task service, onto a named volume at ACTIVITY_ARCHIVE_DIR the image makes writable", () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>;
      volumes: Record<string, unknown>;
    };
    const task = compose.services['task-service'];
    const dir = task.environment?.ACTIVITY_ARCHIVE_DIR ?? '';
    const [source, , mode] = task.volumes?.map((v) => v.split(':')).find(([, target]) => target === dir) ?? [];

    expect(task.environment?.ACTIVITY_ARCHIVE_IN_SERVICE).not.toBe('false');
    expect(dir).toMatch(/^\//);
    expect(Object.keys(compose.volumes)).toContain(source);
    expect(mode).not.toBe('ro');
    // a named volume first mounted on a folder of the image takes its owner: without it, root's and unwritable for node
    expect(read('Dockerfile')).toMatch(new RegExp(`chown node:node [^\\n]*${dir}(\\s|$)`));
  });

  describe('the client address (docs/deployment.md#the-client-address)', () => {
    interface ComposeService {
      environment?: Record<string, string>;
      networks?: Record<string, { ipv4_address?: string }>;
    }
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, ComposeService>;
      networks: { default: { ipam: { config: { subnet: string; ip_range: string }[] } } };
    };

    it('should let compose services believe X-Real-IP from Kong’s fixed address alone, one no other container can get', () => {
      const kongAddress = compose.services.kong.networks?.default?.ipv4_address ?? '';
      const [{ subnet, ip_range: dynamic }] = compose.networks.default.ipam.config;

      for (const service of SERVICE_CATALOG) expect(compose.services[service.app]?.environment?.TRUSTED_PROXIES).toBe(kongAddress);
      expect(parseAddressList(subnet, { variable: 'subnet' })(kongAddress)).toBe(true);
      expect(parseAddressList(dynamic, { variable: 'ip_range' })(kongAddress)).toBe(false);
    });

    it('should let Kong trust no address in compose and Kubernetes, and keep the client’s own address at the load balancer', () => {
      const kong = podSpec('kong').containers.find((c) => c.name === 'kong')!;
      const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'kong-proxy');

      expect(compose.services.kong.environment?.KONG_TRUSTED_IPS).toBeUndefined();
      expect(kong.env?.find((e) => e.name === 'KONG_TRUSTED_IPS')).toBeUndefined();
      expect(service?.spec?.externalTrafficPolicy).toBe('Local');
    });
  });
});

/** Env names whose value is a credential: only ever from a Secret (envFrom secretRef or valueFrom secretKeyRef). */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIALS?|(PRIVATE|API|ENCRYPTION)_KEY)$/i;
/** A URL that carries a password, e.g. postgres://user:password@host/db. */
const URL_WITH_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^@\s]+@/i;

/** Where a workload's plaintext would show: env values (name and value) and the ConfigMaps it reads. */
function plaintextSecrets(objects: readonly RenderedObject[], workload: Workload): string[] {
  const pod = workload.pod as unknown as PodSpec;
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  const fromEnv = containers.flatMap((c) =>
    (c.env ?? []).flatMap((e) => (e.value !== undefined && (SECRET_NAME.test(e.name) || URL_WITH_CREDENTIALS.test(e.value)) ? [`${c.name}: ${e.name}`] : [])),
  );
  const configMaps = containers.flatMap((c) => (c.envFrom ?? []).flatMap((e) => (e.configMapRef ? [e.configMapRef.name] : [])));
  const fromConfigMaps = [...new Set(configMaps)].flatMap((name) =>
    Object.entries(find(objects, 'ConfigMap', name)?.data ?? {}).flatMap(([key, value]) =>
      SECRET_NAME.test(key) || URL_WITH_CREDENTIALS.test(value) ? [`ConfigMap ${name}: ${key}`] : [],
    ),
  );
  return [...fromEnv, ...fromConfigMaps];
}

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet']);

describe('workload policy of the rendered overlays', () => {
  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    const objects = renderOverlay(overlay);
    const workloads = workloadsOf(objects).map((w) => [`${w.kind} ${w.name}`, w] as const);
    const containersOf = (w: Workload) => {
      const pod = w.pod as unknown as PodSpec;
      return [...(pod.initContainers ?? []), ...pod.containers];
    };

    it.each(workloads)('should run every container of %s as non-root on a read-only root filesystem, without privileges', (_name, workload) => {
      const pod = workload.pod as unknown as PodSpec;
      for (const container of containersOf(workload)) {
        const effective = { ...pod.securityContext, ...container.securityContext };
        expect({ container: container.name, ...effective }).toMatchObject({
          container: container.name,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
      }
    });

    it.each(workloads)('should give every container of %s CPU and memory requests and a memory limit', (_name, workload) => {
      for (const container of containersOf(workload)) {
        const { requests, limits } = container.resources ?? {};
        // no CPU limit on purpose: it throttles a Node.js process under bursts; memory is what must be bounded
        expect(`${container.name}: cpu ${requests?.cpu}, memory ${requests?.memory}, limit ${limits?.memory}`).toMatch(
          /^[\w-]+: cpu \d+m?, memory \d+(Mi|Gi), limit \d+(Mi|Gi)$/,
        );
      }
    });

    it.each(workloads)('should pin every image of %s to a tag other than latest', (_name, workload) => {
      for (const container of containersOf(workload)) {
        // name:tag, the tag neither empty nor latest (a digest-only image would need its own rule)
        expect(`${container.name}: ${container.image}`).toMatch(/^[\w-]+: [^@\s]+:(?!latest$)[\w][\w.-]*$/);
      }
    });

    it.each(workloads)('should pin every third-party image of %s to an exact release', (_name, workload) => {
      expect(unpinnedImages(containersOf(workload).map((container) => container.image ?? ''))).toEqual([]);
    });

    it.each(workloads)('should keep plaintext credentials out of %s: Secrets only by reference', (_name, workload) => {
      expect(plaintextSecrets(objects, workload)).toEqual([]);
    });

    it.each(workloads.filter(([, w]) => LONG_RUNNING.has(w.kind)))('should probe %s for readiness and liveness', (_name, workload) => {
      for (const container of (workload.pod as unknown as PodSpec).containers) {
        expect({ container: container.name, readiness: !!container.readinessProbe, liveness: !!container.livenessProbe }).toEqual({
          container: container.name,
          readiness: true,
          liveness: true,
        });
      }
    });

    it.each(SERVICE_CATALOG.map((s) => [s.app]))('should give %s a startup probe (it starts after its migrations and its connections)', (app) => {
      const w = workloadsOf(objects).find((x) => x.kind === 'Deployment' && x.name === app)!;
      expect((w.pod as unknown as PodSpec).containers[0].startupProbe?.httpGet.path).toBe('/health/live');
    });

    it.each(workloads.filter(([, w]) => w.kind === 'Deployment'))('should roll %s out with no unavailable replica, surging instead', (_name, workload) => {
      const strategy = (workload.object.spec as { strategy?: { type: string; rollingUpdate?: { maxUnavailable: number; maxSurge: number } } }).strategy;
      expect(strategy?.type).toBe('RollingUpdate');
      expect(strategy?.rollingUpdate?.maxUnavailable).toBe(0);
      expect(strategy?.rollingUpdate?.maxSurge).toBeGreaterThanOrEqual(1);
    });

    it.each(SERVICE_CATALOG.map((s) => [s.app]))('should let %s drain before it stops, within its grace period', (app) => {
      const w = workloadsOf(objects).find((x) => x.kind === 'Deployment' && x.name === app)!;
      const common = find(objects, 'ConfigMap', 'taskhub-common')!.data!;
      const drainMs = Number(common.SHUTDOWN_DRAIN_DELAY_MS);
      const shutdownMs = Number(common.SHUTDOWN_TIMEOUT_MS);
      // on SIGTERM the service answers 503 on readiness and goes on serving for the drain delay (the preStop wait of
      // docs/operations.md#zero-downtime-releases, inside the process), then finishes in-flight work
      expect(drainMs).toBeGreaterThanOrEqual(5000);
      expect(((w.pod as unknown as PodSpec).terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(drainMs + shutdownMs);
      expect((w.pod as unknown as PodSpec).containers[0].envFrom).toContainEqual({ configMapRef: { name: 'taskhub-common' } });
    });

    it('should let Kong finish its requests on a roll-out: preStop waits, then quits gracefully, within the grace period', () => {
      const w = workloadsOf(objects).find((x) => x.kind === 'Deployment' && x.name === 'kong')!;
      const pod = w.pod as unknown as PodSpec;
      const command = pod.containers.find((c) => c.name === 'kong')?.lifecycle?.preStop?.exec?.command ?? [];
      const wait = Number(/^--wait=(\d+)$/.exec(command.find((a) => a.startsWith('--wait=')) ?? '')?.[1]);
      expect(command.slice(0, 2)).toEqual(['kong', 'quit']);
      expect(wait).toBeGreaterThanOrEqual(5);
      expect(pod.terminationGracePeriodSeconds ?? 30).toBeGreaterThan(wait + 10);
    });

    it('should create no Secret: every credential is referenced, made by the operator (docs/deployment.md)', () => {
      expect(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual([]);
    });

    it('should tell a plaintext credential (the check can fail)', () => {
      const leaky = structuredClone(workloadsOf(objects).find((w) => w.name === 'task-service')!);
      (leaky.pod as unknown as PodSpec).containers[0].env!.push(
        { name: 'DATABASE_URL', value: 'postgres://taskhub_task:hunter2@db:5432/taskhub_task' },
        { name: 'CURSOR_SIGNING_SECRET', value: 'x' },
      );
      expect(plaintextSecrets(objects, leaky)).toEqual(['task-service: DATABASE_URL', 'task-service: CURSOR_SIGNING_SECRET']);
    });
  });

  describe('production', () => {
    const objects = renderOverlay('production');
    const deployments = workloadsOf(objects).filter((w) => w.kind === 'Deployment');
    const targets = (kind: string, name: string) =>
      objects.filter((o) => o.kind === kind && (o.spec as { scaleTargetRef?: { kind: string; name: string } }).scaleTargetRef?.name === name);

    it.each(deployments.map((w) => [w.name, w] as const))('should autoscale %s with exactly one HorizontalPodAutoscaler (its own, or the one KEDA makes)', (name) => {
      const hpas = targets('HorizontalPodAutoscaler', name);
      const scaledObjects = targets('ScaledObject', name);
      const minimum = [...hpas.map((h) => (h.spec as { minReplicas: number }).minReplicas), ...scaledObjects.map((s) => (s.spec as { minReplicaCount: number }).minReplicaCount)];
      // two autoscalers on one Deployment would fight (KEDA refuses a workload another HPA already scales)
      expect(hpas.length + scaledObjects.length).toBe(1);
      expect(minimum[0]).toBeGreaterThanOrEqual(2);
    });

    it.each(deployments.map((w) => [w.name, w] as const))('should protect %s with a PodDisruptionBudget that keeps a pod', (_name, workload) => {
      const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && selects((o.spec as { selector: object }).selector, workload.podLabels));
      expect(pdbs).toHaveLength(1);
      expect((pdbs[0].spec as { minAvailable?: number }).minAvailable).toBeGreaterThanOrEqual(1);
    });

    it('should run Kong highly available: several replicas, rate limits counted in the shared Redis with its own user', () => {
      const kong = find(objects, 'Deployment', 'kong')!;
      const config = parse(read('kong/kong.yml')) as { plugins: { name: string; config: { policy: string; redis: { username: string } } }[] };
      const rateLimiting = config.plugins.find((p) => p.name === 'rate-limiting');
      const container = workloadsOf([kong])[0].pod as unknown as PodSpec;

      expect((kong.spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(2);
      expect(rateLimiting?.config.policy).toBe('redis');
      expect(rateLimiting?.config.redis.username).toBe('{vault://env/taskhub-gateway-redis-user}');
      expect(container.containers[0].envFrom).toContainEqual({ secretRef: { name: 'taskhub-gateway-redis' } });
      expect((find(objects, 'Service', 'kong-proxy')?.spec as { externalTrafficPolicy: string }).externalTrafficPolicy).toBe('Local');
    });
  });
});
