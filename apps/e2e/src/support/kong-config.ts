import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { stackInfo } from './stack-info';

/** Read-only view of kong/kong.yml, so the specs check the limits the edge is configured with, not copies of them. */
type Entity = Record<string, unknown> & { name?: string; plugins?: Entity[]; routes?: Entity[]; config?: Record<string, unknown> };

interface KongFile {
  services?: Entity[];
  plugins?: Entity[];
  upstreams?: (Entity & { targets?: { target: string }[]; healthchecks?: { active?: ActiveHealthcheck } })[];
}

export interface ActiveHealthcheck {
  http_path?: string;
  healthy?: { interval?: number; successes?: number };
  unhealthy?: { interval?: number; http_failures?: number; tcp_failures?: number; timeouts?: number };
}

function kongFile(): KongFile {
  return parse(readFileSync(stackInfo().kongConfigPath, 'utf8')) as KongFile;
}

/** The config of plugin `name` that applies to the service `app`: route-level, then service-level, then global. */
export function pluginConfig(name: string, app: string): Record<string, unknown> {
  const file = kongFile();
  const service = file.services?.find((s) => s.name === app || s.host === app);
  const candidates = [
    ...(service?.routes ?? []).flatMap((r) => r.plugins ?? []),
    ...(service?.plugins ?? []),
    ...(file.plugins ?? []).filter((p) => p.service === undefined && p.route === undefined),
  ];
  const plugin = candidates.find((p) => p.name === name && p.enabled !== false);
  if (!plugin) throw new Error(`kong/kong.yml has no enabled ${name} plugin applying to ${app}`);
  return plugin.config ?? {};
}

/** The active health check of the upstream whose targets include `app`. */
export function activeHealthcheck(app: string): ActiveHealthcheck {
  const upstream = kongFile().upstreams?.find((u) => (u.targets ?? []).some((t) => t.target.split(':')[0] === app));
  const active = upstream?.healthchecks?.active;
  if (!active) throw new Error(`kong/kong.yml has no upstream with an active health check for ${app}`);
  return active;
}

const SIZE_UNITS: Record<string, number> = { bytes: 1, kilobytes: 1024, megabytes: 1024 * 1024 };

/** request-size-limiting's allowed_payload_size in bytes (Kong's defaults: 128, megabytes). */
export function allowedPayloadBytes(app: string): number {
  const config = pluginConfig('request-size-limiting', app);
  const size = typeof config.allowed_payload_size === 'number' ? config.allowed_payload_size : 128;
  const unit = typeof config.size_unit === 'string' ? config.size_unit : 'megabytes';
  return size * (SIZE_UNITS[unit] ?? 1024 * 1024);
}

/** rate-limiting's per-minute limit. */
export function minuteRateLimit(app: string): number {
  const minute = pluginConfig('rate-limiting', app).minute;
  if (typeof minute !== 'number') throw new Error('kong/kong.yml: the rate-limiting plugin has no per-minute limit');
  return minute;
}
