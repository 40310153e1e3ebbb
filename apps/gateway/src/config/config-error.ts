/**
 * Raised for anything in the declarative file that the local gateway does not implement or that is invalid.
 * The message always names the entity (and plugin) and the field, so a refusal is actionable.
 */
export class ConfigError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    this.name = ConfigError.name;
  }
}
