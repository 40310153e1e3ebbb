import { DomainException } from '@taskhub/platform-errors';
import { type ForbiddenRange } from './security/address-policy';
import { WEBHOOK_LIMITS } from './webhook';

/** Error codes of webhooks. */
export const WebhookErrors = {
  NOT_FOUND: 'WEBHOOK.NOT_FOUND',
  DELIVERY_NOT_FOUND: 'WEBHOOK.DELIVERY_NOT_FOUND',
  URL_INVALID: 'WEBHOOK.URL_INVALID',
  ADDRESS_FORBIDDEN: 'WEBHOOK.ADDRESS_FORBIDDEN',
  HOST_UNRESOLVABLE: 'WEBHOOK.HOST_UNRESOLVABLE',
  NOT_PROJECT_OWNER: 'WEBHOOK.NOT_PROJECT_OWNER',
  LIMIT: 'WEBHOOK.LIMIT',
  DELIVERY_PENDING: 'WEBHOOK.DELIVERY_PENDING',
} as const;

/** No such webhook among the caller's (another user's included). */
export class WebhookNotFoundException extends DomainException {
  constructor(webhookId: string) {
    super(WebhookErrors.NOT_FOUND, `webhook ${webhookId} not found`, 404);
  }
}

export class DeliveryNotFoundException extends DomainException {
  constructor(deliveryId: string) {
    super(WebhookErrors.DELIVERY_NOT_FOUND, `delivery ${deliveryId} not found for this webhook`, 404);
  }
}

/** Not an absolute https URL (http is allowed outside production), or with credentials in it. */
export class WebhookUrlInvalidException extends DomainException {
  constructor(reason: string) {
    super(WebhookErrors.URL_INVALID, `the webhook URL is not acceptable: ${reason}`, 400);
  }
}

/** The SSRF rule: the host is, or resolves to, a loopback, private, link-local, multicast, unspecified or metadata address. */
export class WebhookAddressForbiddenException extends DomainException {
  constructor(host: string, address: string, range: ForbiddenRange) {
    super(WebhookErrors.ADDRESS_FORBIDDEN, `${host} resolves to ${address}, a ${range} address: webhooks are delivered to public addresses only`, 422, {
      host,
      address,
      range,
    });
  }
}

export class WebhookHostUnresolvableException extends DomainException {
  constructor(host: string) {
    super(WebhookErrors.HOST_UNRESOLVABLE, `${host} does not resolve to any address`, 422, { host });
  }
}

/** Only an owner of the project (as the notification service knows from the task service's events) creates its webhooks. */
export class NotProjectOwnerException extends DomainException {
  constructor(projectId: string) {
    super(WebhookErrors.NOT_PROJECT_OWNER, `only an owner of project ${projectId} can create its webhooks`, 403);
  }
}

export class WebhookLimitException extends DomainException {
  constructor() {
    super(WebhookErrors.LIMIT, `a user has at most ${WEBHOOK_LIMITS.perOwner} webhooks`, 409, { limit: WEBHOOK_LIMITS.perOwner });
  }
}

/** A pending delivery is already scheduled: it needs no redelivery. */
export class DeliveryPendingException extends DomainException {
  constructor(deliveryId: string) {
    super(WebhookErrors.DELIVERY_PENDING, `delivery ${deliveryId} is still pending: it will be attempted again on its own`, 409);
  }
}
