/** The jwt config kong/kong.yml uses, and a small declarative document around it for the gateway's jwt tests. */
export const KONG_YML_JWT = {
  key_claim_name: 'kid',
  claims_to_verify: ['exp'],
  maximum_expiration: 900,
  header_names: ['authorization'],
  uri_param_names: [],
  cookie_names: [],
  run_on_preflight: false,
  secret_is_base64: false,
};

export const IDENTITY_HEADERS_REMOVED = [
  'X-User-Id',
  'X-User-Roles',
  'X-Consumer-ID',
  'X-Consumer-Custom-ID',
  'X-Consumer-Username',
  'X-Consumer-Groups',
  'X-Credential-Identifier',
  'X-Anonymous-Consumer',
  'X-Authenticated-Groups',
  'X-Authenticated-Scope',
  'X-Authenticated-Userid',
];

export const jwtPlugin = (config: object = KONG_YML_JWT): object => ({ name: 'jwt', config });
export const removeHeaders = (headers: readonly string[]): object => ({ name: 'request-transformer', config: { remove: { headers } } });

/**
 * One service (task-service) with routes:
 * - `public` /api/v1/auth/login: no jwt, identity headers removed (like auth-public in kong.yml);
 * - `tasks` /api/v1/tasks: jwt only, so the consumer headers Kong sets reach the upstream;
 * - `projects` /api/v1/projects: jwt and identity headers removed (like every protected route of kong.yml);
 * - `multi` /api/v1/multi: jwt reading the Authorization and X-Access-Token headers and the session cookie.
 */
export function jwtTestConfig(globalPlugins: readonly object[] = []): object {
  return {
    _format_version: '3.0',
    services: [
      {
        name: 'task-service',
        host: 'task-service.upstream',
        port: 3003,
        routes: [
          { name: 'public', paths: ['/api/v1/auth/login'], strip_path: false, plugins: [removeHeaders(IDENTITY_HEADERS_REMOVED)] },
          { name: 'tasks', paths: ['/api/v1/tasks'], strip_path: false, plugins: [jwtPlugin()] },
          { name: 'projects', paths: ['/api/v1/projects'], strip_path: false, plugins: [jwtPlugin(), removeHeaders(IDENTITY_HEADERS_REMOVED)] },
          {
            name: 'multi',
            paths: ['/api/v1/multi'],
            strip_path: false,
            plugins: [jwtPlugin({ ...KONG_YML_JWT, header_names: ['authorization', 'x-access-token'], cookie_names: ['session'] })],
          },
        ],
      },
    ],
    upstreams: [{ name: 'task-service.upstream', targets: [{ target: 'task-service:3003' }] }],
    consumers: [{ username: 'taskhub-users', custom_id: 'taskhub-users' }],
    plugins: globalPlugins,
  };
}
