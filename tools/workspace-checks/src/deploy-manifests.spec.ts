import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { SERVICE_CATALOG } from '@taskhub/platform-config';

const root = path.resolve(__dirname, '../../..');
const read = (rel: string): string => readFileSync(path.join(root, rel), 'utf8');

interface K8sObject {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}
interface Container {
  name: string;
  command?: string[];
  ports?: { containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
  readinessProbe?: { httpGet: { path: string } };
  livenessProbe?: { httpGet: { path: string } };
}
interface PodSpec {
  initContainers?: Container[];
  containers: Container[];
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

  it('should generate the Kong configuration from kong/kong.yml itself, not a copy', () => {
    const kustomization = parse(read('deploy/k8s/base/kustomization.yaml')) as {
      configMapGenerator: { name: string; files: string[] }[];
    };
    expect(kustomization.configMapGenerator).toContainEqual({
      name: 'kong-declarative',
      files: ['kong.yml=../../../kong/kong.yml'],
    });
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
});
