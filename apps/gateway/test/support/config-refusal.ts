import { ConfigError } from '../../src/config/config-error';

/** The message of the ConfigError that `compile` throws; fails the test if it accepts the input or throws anything else. */
export function configRefusal(compile: () => unknown): string {
  try {
    compile();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}
