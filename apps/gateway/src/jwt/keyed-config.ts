import { compileDeclarativeConfig, readDeclarativeText } from '../config/config-loader';
import { type GatewayConfig } from '../config/gateway-config';
import { type GatewayLogger } from '../logging/gateway-logger';
import { JwtCredentials } from './jwt-credentials';
import { KEYS_CONSUMER, mergePublicKeys, parseDeclarativeDocument } from './merge-public-keys';
import { type PublicKeyDirectory, type PublicKeyFile, readPublicKeyDirectory } from './public-key-directory';
import { PublicKeyRotation } from './public-key-rotation';

export interface KeyedConfig {
  /** the declarative file with the key directory merged in, validated */
  readonly config: GatewayConfig;
  /** what every jwt plugin looks keys up in; kept in step with the directory by `rotation` */
  readonly credentials: JwtCredentials;
  /** undefined without JWT_PUBLIC_KEYS_DIR */
  readonly rotation: PublicKeyRotation | undefined;
}

/**
 * kong.yml plus, when JWT_PUBLIC_KEYS_DIR is set, one credential per `<kid>.public.pem` on consumer taskhub-users:
 * the merge render-kong-config writes for Kong, done in memory (mergePublicKeys). At start every problem of the
 * directory stops the gateway (an Error naming JWT_PUBLIC_KEYS_DIR and the file); afterwards changes are applied as they come, keeping the last good credentials when a
 * new state cannot be used.
 */
export function loadKeyedConfig(path: string, keysDir: string | undefined, logger: GatewayLogger): KeyedConfig {
  const text = readDeclarativeText(path);
  const compile = (keys: readonly PublicKeyFile[] | undefined): GatewayConfig => {
    const document = parseDeclarativeDocument(text, path);
    if (keys) mergePublicKeys(document, keys);
    return compileDeclarativeConfig(document.toJS());
  };
  if (keysDir === undefined) {
    const config = compile(undefined);
    const credentials = new JwtCredentials(config.consumers);
    warnWithoutCredentials(config, credentials, undefined, logger);
    return { config, credentials, rotation: undefined };
  }
  const where = `JWT_PUBLIC_KEYS_DIR=${keysDir}`;
  let directory: PublicKeyDirectory;
  try {
    directory = readPublicKeyDirectory(keysDir);
  } catch (error) {
    throw new Error(`${where}: cannot be listed (${error instanceof Error ? error.message : String(error)})`);
  }
  if (directory.problems.length > 0) throw new Error(`${where}: ${directory.problems.join('; ')}`);
  const config = compile(directory.keys);
  const credentials = new JwtCredentials(config.consumers);
  logger.info({ dir: keysDir, consumer: KEYS_CONSUMER, kids: directory.keys.map((k) => k.kid) }, 'jwt: public keys loaded');
  warnWithoutCredentials(config, credentials, keysDir, logger);

  let lastProblems = '';
  const apply = (next: PublicKeyDirectory): void => {
    const problems = next.problems.join('; ');
    if (problems !== lastProblems && problems !== '') logger.warn({ dir: keysDir, problems: next.problems }, 'jwt: key files skipped');
    lastProblems = problems;
    const before = credentials.keys();
    try {
      credentials.replace(compile(next.keys).consumers);
    } catch (error) {
      logger.error({ dir: keysDir, err: error instanceof Error ? error.message : String(error) }, 'jwt: the key directory cannot be applied; the previous keys stay in use');
      return;
    }
    const after = credentials.keys();
    if (before.join() === after.join()) return;
    logger.info({ dir: keysDir, added: after.filter((k) => !before.includes(k)), removed: before.filter((k) => !after.includes(k)) }, 'jwt: public keys reloaded');
    if (after.length === 0) warnWithoutCredentials(config, credentials, keysDir, logger);
  };
  const rotation = new PublicKeyRotation(keysDir, apply, logger);
  credentials.refreshForUnknownKey = () => rotation.scanSoon();
  return { config, credentials, rotation };
}

/** Starting without credentials is allowed (every protected request gets 401), but never silently. */
function warnWithoutCredentials(config: GatewayConfig, credentials: JwtCredentials, keysDir: string | undefined, logger: GatewayLogger): void {
  const usesJwt = config.plugins.jwt !== undefined || config.scopedPlugins.some((s) => s.plugins.jwt !== undefined);
  if (!usesJwt || credentials.size > 0) return;
  logger.warn(
    { JWT_PUBLIC_KEYS_DIR: keysDir ?? '(unset)' },
    keysDir === undefined
      ? 'jwt: the jwt plugin is configured but there are no credentials: every request to a protected route is refused with 401. Set JWT_PUBLIC_KEYS_DIR to the directory of <kid>.public.pem files'
      : `jwt: the jwt plugin is configured but JWT_PUBLIC_KEYS_DIR holds no <kid>.public.pem: every request to a protected route is refused with 401 until a key file appears`,
  );
}
