import { ConfigError } from './config/config-error';
import { readGatewayEnv } from './config/gateway-env';
import { Gateway } from './gateway';
import { createGatewayLogger } from './logging/gateway-logger';

/** Runs kong/kong.yml locally, where Kong itself is not installed (see docs/gateway.md). */
async function main(): Promise<void> {
  let env;
  try {
    env = readGatewayEnv();
  } catch (error) {
    return refuse(error);
  }
  const logger = createGatewayLogger(env.logLevel);
  let gateway: Gateway;
  try {
    gateway = Gateway.create(env, logger);
    await gateway.listen();
  } catch (error) {
    logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'gateway refused to start');
    return refuse(error);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'gateway stopping');
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

function refuse(error: unknown): void {
  const message = error instanceof ConfigError ? `invalid declarative configuration: ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`gateway: ${message}\n`);
  process.exit(1);
}

void main();
