import { type ForbiddenRange } from './address-policy';

/** A webhook host resolved to an address the SSRF rule refuses (at creation or at connection time). */
export class ForbiddenAddressError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_FORBIDDEN';

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly range: ForbiddenRange,
  ) {
    super(`${hostname} resolves to ${address}, a ${range} address: webhooks are delivered to public addresses only`);
    this.name = 'ForbiddenAddressError';
  }
}
