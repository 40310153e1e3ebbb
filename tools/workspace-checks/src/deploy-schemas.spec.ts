import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { find, OVERLAYS, renderOverlay, type RenderedObject } from './k8s-render';

/**
 * The schema of every kind the overlays render: Kubernetes' own OpenAPI schemas as compiled by the `kubernetes-models`
 * package (4.5.1: Kubernetes v1.33.0), and KEDA's CRD schemas (keda.sh/v1alpha1) as compiled by
 * `@kubernetes-models/keda` (0.4.2, generated from KEDA's release CRDs, v2.10/2.11). A kind missing here fails the test:
 * add its model rather than leave it unchecked.
 */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

/** The schema's verdict on one object: undefined when valid, else the validator's message. */
function schemaErrors(object: RenderedObject): string | undefined {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object as never).validate();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('Kubernetes schemas of the rendered overlays', () => {
  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    const objects = renderOverlay(overlay);

    it.each(objects.map((o) => [`${o.kind} ${o.metadata.name}`, o] as const))('should render %s valid against its schema', (_name, object) => {
      expect(schemaErrors(object)).toBeUndefined();
    });
  });

  it('should refuse an object its schema does not allow (the check can fail)', () => {
    const deployment = structuredClone(find(renderOverlay('production'), 'Deployment', 'task-service')!) as unknown as {
      spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } };
    };
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    const scaledObject = structuredClone(find(renderOverlay('production'), 'ScaledObject', 'task-export-worker')!) as unknown as {
      spec: { triggers: { metadata: Record<string, unknown> }[] };
    };
    scaledObject.spec.triggers[0].metadata.value = 2;

    expect(schemaErrors(deployment as unknown as RenderedObject)).toMatch(/containerPort must be integer/);
    expect(schemaErrors(scaledObject as unknown as RenderedObject)).toMatch(/value must be string/);
    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x' } })).toBe('no schema for apps/v1 StatefulSet');
  });
});
