import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { OVERLAYS, type Overlay, type RenderedObject, renderOverlay, selects, workloadsOf } from './k8s-render';

interface Selector {
  matchLabels?: Record<string, string>;
}
interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { protocol?: string; port?: number | string }[];
}
interface NetworkPolicySpec {
  podSelector: Selector;
  policyTypes: ('Ingress' | 'Egress')[];
  ingress?: Rule[];
  egress?: Rule[];
}

const NAME = 'app.kubernetes.io/name';
const NAMESPACE = 'kubernetes.io/metadata.name';

/** One peer in words: `any`, `pod:<name>` (this namespace), `namespace:<name>[/pod:<name>]`, `ip:<cidr>[ except …]`. */
function describePeer(peer: Peer | undefined): string {
  if (!peer) return 'any';
  if (peer.ipBlock) return `ip:${peer.ipBlock.cidr}${peer.ipBlock.except ? ` except ${peer.ipBlock.except.join(',')}` : ''}`;
  const labels = (selector: Selector | undefined) => JSON.stringify(selector?.matchLabels ?? {});
  const pod = peer.podSelector && (peer.podSelector.matchLabels?.[NAME] ?? peer.podSelector.matchLabels?.['k8s-app'] ?? labels(peer.podSelector));
  if (!peer.namespaceSelector) return `pod:${pod}`;
  const namespace = peer.namespaceSelector.matchLabels?.[NAMESPACE] ?? labels(peer.namespaceSelector);
  return pod ? `namespace:${namespace}/pod:${pod}` : `namespace:${namespace}`;
}

/** Every (peer, port) a set of rules allows, in words, e.g. `pod:kong TCP/3003`. */
function allowances(rules: readonly Rule[], side: 'from' | 'to'): string[] {
  return rules.flatMap((rule) => {
    const peers = rule[side]?.length ? rule[side] : [undefined];
    const ports = rule.ports?.length ? rule.ports.map((p) => `${p.protocol ?? 'TCP'}/${p.port ?? 'all'}`) : ['all ports'];
    return peers.flatMap((peer) => ports.map((port) => `${describePeer(peer)} ${port}`));
  });
}

/** What the namespace's policies together let in and out of the pods with these labels. */
function effective(policies: readonly NetworkPolicySpec[], labels: Record<string, string>) {
  const applying = policies.filter((p) => selects(p.podSelector, labels));
  const side = (type: 'Ingress' | 'Egress') => {
    const isolated = applying.some((p) => p.policyTypes.includes(type));
    if (!isolated) return ['everything (no policy isolates it)'];
    const rules = applying.filter((p) => p.policyTypes.includes(type)).flatMap((p) => (type === 'Ingress' ? p.ingress : p.egress) ?? []);
    return allowances(rules, type === 'Ingress' ? 'from' : 'to').sort();
  };
  return { ingress: side('Ingress'), egress: side('Egress') };
}

/** The external dependencies' addresses in each overlay: placeholders in the base, any address in dev. */
const ADDRESSES: Record<Overlay, { postgres: string; redis: string; rabbitmq: string }> = {
  production: { postgres: '192.0.2.1/32', redis: '192.0.2.2/32', rabbitmq: '192.0.2.3/32' },
  dev: { postgres: '0.0.0.0/0', redis: '0.0.0.0/0', rabbitmq: '0.0.0.0/0' },
};
/** The port a worker answers its probes and /metrics on (deploy/k8s/base/*-worker.yaml). */
const WORKER_PORT = 8080;
const PUBLIC = 'ip:0.0.0.0/0 except 10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,192.168.0.0/16';

/** Exactly what each workload may do, and nothing else (docs/deployment.md#network-policies). */
function expected(overlay: Overlay): Record<string, { ingress: string[]; egress: string[] }> {
  const a = ADDRESSES[overlay];
  const dns = ['namespace:kube-system/pod:kube-dns TCP/53', 'namespace:kube-system/pod:kube-dns UDP/53'];
  const postgres = `ip:${a.postgres} TCP/5432`;
  const redis = `ip:${a.redis} TCP/6379`;
  const amqp = `ip:${a.rabbitmq} TCP/5672`;
  const services = Object.fromEntries(
    SERVICE_CATALOG.map((s) => [
      s.app,
      {
        ingress: [`pod:kong TCP/${s.port}`, `namespace:monitoring TCP/${s.port}`],
        egress: [...dns, postgres, redis, amqp],
      },
    ]),
  );
  // the workers (PROCESS_ROLE=worker): Prometheus on the probes port only; the notification worker alone sends out
  const worker = (extra: string[]) => ({ ingress: [`namespace:monitoring TCP/${WORKER_PORT}`], egress: [...dns, postgres, redis, amqp, ...extra] });
  const sorted = (x: { ingress: string[]; egress: string[] }) => ({ ingress: [...x.ingress].sort(), egress: [...x.egress].sort() });
  const all: Record<string, { ingress: string[]; egress: string[] }> = {
    ...services,
    kong: {
      ingress: ['any TCP/8000', 'namespace:monitoring TCP/8100'],
      egress: [...dns, redis, ...SERVICE_CATALOG.map((s) => `pod:${s.app} TCP/${s.port}`)],
    },
    'broker-users': { ingress: [], egress: [...dns, `ip:${a.rabbitmq} TCP/15671`, `ip:${a.rabbitmq} TCP/15672`] },
    'redis-users': { ingress: [], egress: [...dns, redis] },
    'task-activity-archive': { ingress: [], egress: [...dns, postgres] },
    'notification-worker': worker([`${PUBLIC} TCP/443`, `${PUBLIC} TCP/465`, `${PUBLIC} TCP/587`]),
    'task-export-worker': worker([]),
  };
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, sorted(v)]));
}

const policiesOf = (objects: readonly RenderedObject[]) => objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.spec as unknown as NetworkPolicySpec);

describe('network policies', () => {
  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    const objects = renderOverlay(overlay);
    const policies = policiesOf(objects);
    const workloads = workloadsOf(objects);

    it('should deny all ingress and egress of every pod by default', () => {
      const denyAll = policies.filter((p) => Object.keys(p.podSelector).length === 0 && !p.ingress && !p.egress);
      expect(denyAll.flatMap((p) => p.policyTypes).sort()).toEqual(['Egress', 'Ingress']);
    });

    it.each(workloadsOf(objects).map((w) => [`${w.kind} ${w.name}`, w] as const))('should allow %s exactly what it needs', (_name, workload) => {
      const want = expected(overlay)[workload.podLabels[NAME]];
      expect(want).toBeDefined();
      expect(effective(policies, workload.podLabels)).toEqual(want);
    });

    it('should know every workload it allows something to (no policy for a workload that is gone)', () => {
      expect(Object.keys(expected(overlay)).sort()).toEqual(workloads.map((w) => w.podLabels[NAME]).sort());
    });

    it('should let Prometheus scrape each pod on the port its annotations name, and from the monitoring namespace only', () => {
      for (const workload of workloads.filter((w) => w.kind === 'Deployment')) {
        const template = (workload.object.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template;
        const port = template.metadata.annotations?.['prometheus.io/port'];
        expect(`${workload.name}: ${port}`).toMatch(/^[\w-]+: \d+$/);
        expect(effective(policies, workload.podLabels).ingress.filter((a) => a.startsWith('namespace:'))).toEqual([`namespace:monitoring TCP/${port}`]);
      }
    });
  });

  it('should tell a pod that no policy isolates (the check can fail)', () => {
    const open = effective([{ podSelector: { matchLabels: { [NAME]: 'kong' } }, policyTypes: ['Ingress'], ingress: [{}] }], { [NAME]: 'kong' });
    expect(open).toEqual({ ingress: ['any all ports'], egress: ['everything (no policy isolates it)'] });
  });
});
