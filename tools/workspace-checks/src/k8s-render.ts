import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '../../..');

/** The overlays of deploy/k8s/overlays: each one is rendered and checked. */
export const OVERLAYS = ['dev', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** A Deployment, StatefulSet, Job or CronJob with the template of its pods. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'Job' | 'CronJob';
  name: string;
  object: RenderedObject;
  podLabels: Record<string, string>;
  pod: Record<string, unknown>;
}

const rendered = new Map<Overlay, RenderedObject[]>();

/**
 * `kubectl kustomize` of one overlay, as an operator applies it (docs/deployment.md); cached per test file. Without
 * kubectl the tests fail with what to install: .ci/run installs it when it is missing.
 */
export function renderOverlay(overlay: Overlay): RenderedObject[] {
  const cached = rendered.get(overlay);
  if (cached) return cached;
  const dir = `deploy/k8s/overlays/${overlay}`;
  const result = spawnSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error && 'code' in result.error && result.error.code === 'ENOENT') {
    throw new Error('kubectl is not installed: these tests render deploy/k8s with `kubectl kustomize` (.ci/run installs it when missing)');
  }
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed (exit ${result.status}): ${result.stderr}`);
  const objects = parseAllDocuments(result.stdout).map((d) => d.toJS() as RenderedObject);
  rendered.set(overlay, objects);
  return objects;
}

const WORKLOAD_KINDS = new Set<string>(['Deployment', 'StatefulSet', 'Job', 'CronJob']);

type Template = { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> };

export function workloadsOf(objects: readonly RenderedObject[]): Workload[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind))
    .map((object) => {
      const spec = object.spec as { template?: Template; jobTemplate?: { spec: { template: Template } } };
      const template = object.kind === 'CronJob' ? spec.jobTemplate!.spec.template : spec.template!;
      return {
        kind: object.kind as Workload['kind'],
        name: object.metadata.name,
        object,
        podLabels: template.metadata?.labels ?? {},
        pod: template.spec,
      };
    });
}

export function find(objects: readonly RenderedObject[], kind: string, name: string): RenderedObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Whether a label selector selects these labels (Kubernetes' semantics: every term must hold; {} selects all). */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector?.matchExpressions ?? []).every((e) => {
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
  return byLabel && byExpression;
}
