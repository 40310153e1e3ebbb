import { type PluginsConfig, type RequestSizeLimitingConfig } from '../config/gateway-config';
import { type JwtCredentials } from '../jwt/jwt-credentials';
import { IDENTITY_HEADERS, JwtPlugin } from '../jwt/jwt.plugin';
import { CorrelationIdPlugin } from '../plugins/correlation-id.plugin';
import { CorsPlugin } from '../plugins/cors.plugin';

/**
 * The per-request plugins of one route (or of the no-route case: the global ones), resolved at start. Rate limiting
 * and prometheus are global only and live in the ProxyContext.
 */
export interface RoutePlugins {
  readonly correlationId: CorrelationIdPlugin | undefined;
  readonly cors: CorsPlugin | undefined;
  readonly jwt: JwtPlugin | undefined;
  readonly sizeLimit: RequestSizeLimitingConfig | undefined;
  /** request-transformer remove.headers, lower-case */
  readonly removeHeaders: ReadonlySet<string> | undefined;
  /** client headers not passed on once jwt verified a token: the identity headers and removeHeaders */
  readonly dropWhenAuthenticated: ReadonlySet<string>;
}

/** Builds RoutePlugins, one plugin instance per config (a global config shared by many routes gives one instance). */
export class RoutePluginsFactory {
  private readonly instances = new Map<object, object>();

  constructor(private readonly credentials: JwtCredentials) {}

  build(plugins: PluginsConfig): RoutePlugins {
    const remove = plugins.requestTransformer?.removeHeaders ?? [];
    return {
      correlationId: plugins.correlationId && this.once(plugins.correlationId, (c) => new CorrelationIdPlugin(c)),
      cors: plugins.cors && this.once(plugins.cors, (c) => new CorsPlugin(c)),
      jwt: plugins.jwt && this.once(plugins.jwt, (c) => new JwtPlugin(c, this.credentials)),
      sizeLimit: plugins.requestSizeLimiting,
      removeHeaders: remove.length > 0 ? new Set(remove) : undefined,
      dropWhenAuthenticated: new Set([...IDENTITY_HEADERS, ...remove]),
    };
  }

  private once<C extends object, P extends object>(config: C, create: (config: C) => P): P {
    let instance = this.instances.get(config) as P | undefined;
    if (!instance) this.instances.set(config, (instance = create(config)));
    return instance;
  }
}
