import { Injectable } from '@nestjs/common';
import { NotificationServiceConfig } from '../../config/notification.config';
import { WEBHOOK_LIMITS } from '../webhook';
import { WebhookAddressForbiddenException, WebhookHostUnresolvableException, WebhookUrlInvalidException } from '../webhooks.errors';
import { forbiddenRange, ipLiteralOf } from './address-policy';
import { ForbiddenAddressError } from './forbidden-address.error';
import { checkHost, guardedLookup, type LookupFunction } from './guarded-lookup';

/**
 * The check of a URL given to POST /webhooks: absolute, https (http only in development and test), no credentials,
 * and a host whose every address passes the SSRF rule now. Deliveries check the address again at each connection.
 */
@Injectable()
export class WebhookUrlGuard {
  private readonly lookup: LookupFunction;
  private readonly allowLoopback: boolean;
  private readonly allowHttp: boolean;

  constructor(config: NotificationServiceConfig) {
    this.allowLoopback = config.webhookAllowLoopback;
    this.allowHttp = config.nodeEnv !== 'production';
    this.lookup = guardedLookup({ allowLoopback: this.allowLoopback });
  }

  /** the URL as it will be stored (WHATWG-normalised); throws WEBHOOK.URL_INVALID, .ADDRESS_FORBIDDEN or .HOST_UNRESOLVABLE */
  async check(raw: string): Promise<string> {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!url) throw new WebhookUrlInvalidException('not an absolute URL');
    if (url.protocol !== 'https:' && !(this.allowHttp && url.protocol === 'http:')) {
      throw new WebhookUrlInvalidException(this.allowHttp ? 'the scheme must be https or http' : 'the scheme must be https');
    }
    if (url.username || url.password) throw new WebhookUrlInvalidException('credentials in the URL are not accepted');
    if (url.href.length > WEBHOOK_LIMITS.urlLength) throw new WebhookUrlInvalidException(`longer than ${WEBHOOK_LIMITS.urlLength} characters`);
    const literal = ipLiteralOf(url.hostname);
    if (literal !== undefined) {
      const range = forbiddenRange(literal, { allowLoopback: this.allowLoopback });
      if (range) throw new WebhookAddressForbiddenException(url.hostname, literal, range);
      return url.href;
    }
    try {
      await checkHost(this.lookup, url.hostname);
    } catch (error) {
      if (error instanceof ForbiddenAddressError) throw new WebhookAddressForbiddenException(error.hostname, error.address, error.range);
      throw new WebhookHostUnresolvableException(url.hostname);
    }
    return url.href;
  }
}
