import { ConfigError } from './config-error';
import { type GatewayConfig, type PluginsConfig, type RouteConfig, type ScopedPlugins } from './gateway-config';

/**
 * The plugins that run for a route, one config per plugin name, by Kong's precedence without consumers (most
 * specific wins): route and service together, then route, then service, then global. Configs are not merged: the
 * winner's whole config applies.
 */
export function effectivePlugins(config: Pick<GatewayConfig, 'plugins' | 'scopedPlugins'>, route: RouteConfig): PluginsConfig {
  const layer = (match: (s: ScopedPlugins) => boolean): PluginsConfig => config.scopedPlugins.find(match)?.plugins ?? {};
  return {
    ...config.plugins,
    ...layer((s) => s.route === undefined && s.service === route.service),
    ...layer((s) => s.route === route.name && s.service === undefined),
    ...layer((s) => s.route === route.name && s.service === route.service),
  };
}

/** Checks that need the plugins a route really runs (a scoped plugin may meet a global one). */
export function checkEffectivePlugins(config: GatewayConfig): void {
  for (const route of config.routes) {
    const plugins = effectivePlugins(config, route);
    const correlation = plugins.correlationId?.headerName.toLowerCase();
    if (correlation && plugins.requestTransformer?.removeHeaders.includes(correlation)) {
      throw new ConfigError(
        `route "${route.name}" plugin "request-transformer" config`,
        `field "remove" removes ${plugins.correlationId!.headerName}, which correlation-id sets; that is not implemented by the local gateway`,
      );
    }
  }
}
