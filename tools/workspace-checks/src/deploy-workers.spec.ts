import { find, OVERLAYS, renderOverlay, type RenderedObject, workloadsOf } from './k8s-render';

interface Container {
  name: string;
  image?: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
  readinessProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  initContainers?: Container[];
  containers: Container[];
}
interface ScaledObjectSpec {
  scaleTargetRef: { kind?: string; name: string };
  minReplicaCount?: number;
  triggers: { type: string; metadata: Record<string, string> }[];
}

/** Each worker Deployment (docs/deployment.md, "Queue-driven autoscaling"): the service it runs and the queues it consumes. */
const WORKERS = [
  { name: 'notification-worker', service: 'notification-service', queues: ['notification.email', 'notification.webhooks'] },
  { name: 'task-export-worker', service: 'task-service', queues: ['task.exports'] },
] as const;

const podOf = (objects: readonly RenderedObject[], name: string): PodSpec => {
  const workload = workloadsOf(objects).find((w) => w.kind === 'Deployment' && w.name === name);
  if (!workload) throw new Error(`no Deployment ${name}`);
  return workload.pod as unknown as PodSpec;
};
const envOf = (container: Container, name: string): string | undefined => container.env?.find((e) => e.name === name)?.value;

describe('worker Deployments of the rendered overlays', () => {
  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    const objects = renderOverlay(overlay);
    const common = find(objects, 'ConfigMap', 'taskhub-common')!.data!;

    it.each(WORKERS.map((w) => [w.name, w] as const))("should run %s from its service's image, configuration and migrations with PROCESS_ROLE=worker", (_name, worker) => {
      const pod = podOf(objects, worker.name);
      const service = podOf(objects, worker.service);
      const [container] = pod.containers;

      expect(container.image).toBe(service.containers[0].image);
      expect(container.command).toBeUndefined(); // the image's own entry point: the role alone decides
      expect(envOf(container, 'PROCESS_ROLE')).toBe('worker');
      expect(envOf(service.containers[0], 'PROCESS_ROLE')).toBe('api');
      expect(container.envFrom).toEqual(service.containers[0].envFrom);
      expect(pod.initContainers?.map((c) => c.command)).toEqual(service.initContainers?.map((c) => c.command));
    });

    it.each(WORKERS.map((w) => [w.name, w] as const))('should probe %s on the port it listens on, which is the one Prometheus scrapes', (_name, worker) => {
      const deployment = find(objects, 'Deployment', worker.name)!;
      const annotations = (deployment.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;
      const [container] = podOf(objects, worker.name).containers;
      const [port] = container.ports ?? [];

      expect(String(port?.containerPort)).toBe(envOf(container, 'PORT'));
      expect(annotations['prometheus.io/port']).toBe(envOf(container, 'PORT'));
      expect([container.livenessProbe?.httpGet, container.readinessProbe?.httpGet]).toEqual([
        { path: '/health/live', port: port?.name },
        { path: '/health/ready', port: port?.name },
      ]);
    });

    it.each(WORKERS.map((w) => [w.name, w] as const))('should let %s finish and acknowledge what it holds on SIGTERM, within its grace period', (_name, worker) => {
      const pod = podOf(objects, worker.name);
      const [container] = pod.containers;
      const timeoutMs = Number(envOf(container, 'SHUTDOWN_TIMEOUT_MS') ?? common.SHUTDOWN_TIMEOUT_MS);

      // nothing routes to a worker: no drain delay, the consumers stop taking messages at once
      expect(envOf(container, 'SHUTDOWN_DRAIN_DELAY_MS')).toBe('0');
      expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(timeoutMs);
    });
  });

  describe('production', () => {
    const objects = renderOverlay('production');
    const scaledObjects = objects.filter((o) => o.kind === 'ScaledObject').map((o) => o.spec as unknown as ScaledObjectSpec);

    it('should scale the workers, and only them, on queue depth with KEDA', () => {
      expect(scaledObjects.map((s) => s.scaleTargetRef.name).sort()).toEqual(WORKERS.map((w) => w.name).sort());
    });

    it.each(WORKERS.map((w) => [w.name, w] as const))('should scale %s on the depth of each queue it consumes, never to zero', (name, worker) => {
      const scaled = scaledObjects.find((s) => s.scaleTargetRef.name === name)!;
      const queues = scaled.triggers.filter((t) => t.type === 'rabbitmq').map((t) => t.metadata.queueName);

      expect(queues.sort()).toEqual([...worker.queues].sort());
      // the workers also send what the database holds for later (retries, digests, expiry): one always runs
      expect(scaled.minReplicaCount).toBeGreaterThanOrEqual(1);
    });

    it.each(WORKERS.map((w) => [w.service] as const))('should keep %s (the API) on a CPU HorizontalPodAutoscaler', (service) => {
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && (o.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === service);
      expect((hpa?.spec as { metrics: { resource: { name: string } }[] } | undefined)?.metrics.map((m) => m.resource.name)).toEqual(['cpu']);
    });
  });
});
