import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { parseAddressList } from '@taskhub/platform-net';

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
  env?: { name: string; value?: string }[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
}
interface PodSpec {
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

const RENDER_CLI = 'dist/apps/gateway/src/render-kong-config.js';

/** The value after `flag` in a command line. */
function argument(command: readonly string[] | undefined, flag: string): string {
  const i = (command ?? []).indexOf(flag);
  if (i === -1 || i + 1 >= (command ?? []).length) throw new Error(`no ${flag} in ${JSON.stringify(command)}`);
  return command![i + 1];
}
const dirOf = (file: string): string => file.slice(0, file.lastIndexOf('/'));

/** Each Deployment and CronJob of deploy/k8s/base with the spec of its pods. */
function workloads(objects: readonly K8sObject[]): [string, PodSpec][] {
  return objects.flatMap((o): [string, PodSpec][] => {
    if (o.kind === 'Deployment') return [[`Deployment ${o.metadata.name}`, (o.spec as { template: { spec: PodSpec } }).template.spec]];
    if (o.kind === 'CronJob') return [[`CronJob ${o.metadata.name}`, (o.spec as unknown as CronJobSpec).jobTemplate.spec.template.spec]];
    return [];
  });
}

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

  it.each(workloads(objects))('should run every container of %s as non-root on a read-only root filesystem, without privileges', (_name, spec) => {
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      const effective = { ...spec.securityContext, ...container.securityContext };
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
