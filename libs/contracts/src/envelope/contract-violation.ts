/**
 * A message that does not satisfy its contract: not JSON, a malformed envelope, an unknown type or version, or a
 * payload that fails validation. Never retried (it would fail the same way): the consumer parks it with `reason`.
 */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';

  constructor(
    readonly reason: string,
    /** field paths and what is wrong with each */
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${reason}: ${problems.join('; ')}` : reason);
  }
}
