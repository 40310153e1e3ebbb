import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { DASHBOARDS_DIR, PROMETHEUS_CONFIG, PROMETHEUS_DATASOURCE_UID, RULES_FILE } from '@taskhub/tooling-observability';
import { parse } from 'yaml';
import { mountsOf, readCompose, root, type ComposeService } from './compose-file';
import { itWithPromtool, promtool } from './promtool';

const PROFILE = 'observability';
/** What the profile runs, besides what the default start already has (RabbitMQ's plugin, Jaeger). */
const PROFILE_SERVICES = ['blackbox-exporter', 'grafana', 'postgres-exporter', 'prometheus'];
const GRAFANA_PROVISIONING = 'deploy/observability/grafana/provisioning';

interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  params?: Record<string, string[]>;
  static_configs: { targets: string[] }[];
}
interface PrometheusConfig {
  rule_files: string[];
  scrape_configs: ScrapeJob[];
}

const readYaml = <T>(file: string): T => parse(readFileSync(path.join(root, file), 'utf8')) as T;
const profilesOf = (service: ComposeService | undefined) => (service as { profiles?: string[] } | undefined)?.profiles ?? [];
/** The host path a service mounts at `target`, relative to the repository ('./deploy' → 'deploy'). */
const mountedAt = (service: ComposeService | undefined, target: string) =>
  mountsOf(service).find(([, t]) => t === target)?.[0]?.replace(/^\.\//, '');

describe('docker-compose observability profile', () => {
  const compose = readCompose();
  const prometheus = readYaml<PrometheusConfig>(PROMETHEUS_CONFIG);
  const jobs = new Map(prometheus.scrape_configs.map((j) => [j.job_name, j]));
  const targetsOf = (job: string) => (jobs.get(job)?.static_configs ?? []).flatMap((c) => c.targets).sort();

  it('should run Prometheus, Grafana and the exporters in the profile, only there, on pinned images', () => {
    const inProfile = Object.entries(compose.services).filter(([, s]) => profilesOf(s).includes(PROFILE));

    expect(inProfile.map(([name, s]) => [name, profilesOf(s)]).sort()).toEqual(PROFILE_SERVICES.map((name) => [name, [PROFILE]]));
    expect(inProfile.filter(([, s]) => !/:v?\d+\.\d+\.\d+$/.test(s.image ?? '')).map(([name]) => name)).toEqual([]);
    // the services export traces to Jaeger whatever the profile: it stays in the default start
    expect(profilesOf(compose.services.jaeger)).toEqual([]);
  });

  it("should load Prometheus' config from the repository, with the alert rules", () => {
    const service = compose.services.prometheus;
    const deploy = mountsOf(service).find(([source]) => source === './deploy');
    const configFlag = service?.command?.find((c) => c.startsWith('--config.file='))?.slice('--config.file='.length) ?? '';

    expect(deploy?.[2]).toBe('ro');
    expect(path.posix.relative(deploy?.[1] ?? '', configFlag)).toBe(path.posix.relative('deploy', PROMETHEUS_CONFIG));
    expect(prometheus.rule_files.map((f) => path.join(path.dirname(PROMETHEUS_CONFIG), f))).toEqual([RULES_FILE]);
  });

  it("should scrape every service's /metrics, the gateway's status port, RabbitMQ (aggregated and per queue) and Postgres", () => {
    expect(targetsOf('taskhub-services')).toEqual(SERVICE_CATALOG.map((s) => `${s.app}:${s.port}`).sort());
    expect(targetsOf('taskhub-gateway')).toEqual([`kong:${new URL(`http://${compose.services.kong?.environment?.KONG_STATUS_LISTEN}`).port}`]);
    expect(targetsOf('rabbitmq')).toEqual(['rabbitmq:15692']);
    expect([targetsOf('rabbitmq-queues'), jobs.get('rabbitmq-queues')?.metrics_path, jobs.get('rabbitmq-queues')?.params]).toEqual([
      ['rabbitmq:15692'],
      '/metrics/detailed',
      { family: ['queue_coarse_metrics'] },
    ]);
    expect(targetsOf('postgres')).toEqual(['postgres-exporter:9187']);
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kong', 'rabbitmq', 'postgres', ...SERVICE_CATALOG.map((s) => s.app)]));
  });

  it("should probe every service's /health/ready through the blackbox exporter", () => {
    const config = readYaml<{ modules: Record<string, { http?: { valid_status_codes?: number[] } }> }>(
      mountedAt(compose.services['blackbox-exporter'], '/etc/blackbox/blackbox.yml') ?? 'missing',
    );

    expect(targetsOf('taskhub-readiness')).toEqual(SERVICE_CATALOG.map((s) => `http://${s.app}:${s.port}/health/ready`).sort());
    expect(jobs.get('taskhub-readiness')?.params?.module).toEqual(['http_ready']);
    expect(config.modules.http_ready?.http?.valid_status_codes).toEqual([200]);
  });

  it("should provision Grafana's Prometheus datasource and a provider reading the dashboards folder", () => {
    const grafana = compose.services.grafana;
    const provisioning = mountedAt(grafana, '/etc/grafana/provisioning');
    const datasources = readYaml<{ datasources: { uid: string; type: string; url: string }[] }>(`${GRAFANA_PROVISIONING}/datasources/taskhub.yaml`);
    const providers = readYaml<{ providers: { type: string; options: { path: string } }[] }>(`${GRAFANA_PROVISIONING}/dashboards/taskhub.yaml`);

    expect(provisioning).toBe(GRAFANA_PROVISIONING);
    expect(datasources.datasources.find((d) => d.uid === PROMETHEUS_DATASOURCE_UID)).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    expect(providers.providers.map((p) => [p.type, mountedAt(grafana, p.options.path)])).toEqual([['file', DASHBOARDS_DIR]]);
  });

  itWithPromtool('should pass promtool check config (which checks the rule files too)', () => {
    expect(promtool(['check', 'config', PROMETHEUS_CONFIG], root)).toContain(`SUCCESS: ${PROMETHEUS_CONFIG} is valid prometheus config file syntax`);
  });
});
