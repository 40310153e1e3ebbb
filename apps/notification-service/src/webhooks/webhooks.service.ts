import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, EmailNotVerifiedException } from '@taskhub/platform-auth';
import { type Page, PageCursors, pageLimit, type PageQueryDto } from '@taskhub/platform-http';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { NotificationServiceConfig } from '../config/notification.config';
import { ProjectOwnerRepository } from '../projects/project-owner.repository';
import { type CreateWebhookRequestDto } from './dto/create-webhook.request.dto';
import { SecretBox } from './security/secret-box';
import { generateWebhookSecret } from './security/webhook-signature';
import { WebhookUrlGuard } from './security/webhook-url-guard';
import { type Webhook, WEBHOOK_LIMITS, type WebhookWithSecret } from './webhook';
import { WebhookRepository } from './webhook.repository';
import { NotProjectOwnerException, WebhookLimitException, WebhookNotFoundException } from './webhooks.errors';

/** A user's webhooks: created (a project's by one of its owners), listed, read, deleted, their secret rotated. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookRepository,
    private readonly owners: ProjectOwnerRepository,
    private readonly urlGuard: WebhookUrlGuard,
    private readonly secrets: SecretBox,
    private readonly cursors: PageCursors,
    private readonly config: NotificationServiceConfig,
  ) {}

  /**
   * Only for a verified e-mail address (the token's `email_verified` claim: 403 AUTH.EMAIL_NOT_VERIFIED before). The
   * URL is checked (SSRF rule) before the transaction; the secret is generated here and answered this once.
   */
  async create(user: AuthenticatedUser, input: CreateWebhookRequestDto): Promise<WebhookWithSecret> {
    if (!user.emailVerified) throw new EmailNotVerifiedException('creating a webhook');
    const url = await this.urlGuard.check(input.url);
    const id = uuidv7();
    const secret = generateWebhookSecret();
    const webhook = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhook-owner:' || $1))`, [user.id]); // the per-owner limit holds between concurrent creations
      if (input.projectId !== undefined && !(await this.owners.isOwner(manager, input.projectId, user.id))) throw new NotProjectOwnerException(input.projectId);
      if ((await this.webhooks.count(manager, user.id)) >= WEBHOOK_LIMITS.perOwner) throw new WebhookLimitException();
      const events = [...new Set(input.events)];
      return this.webhooks.insert(manager, { id, ownerId: user.id, projectId: input.projectId ?? null, url, events, secretSealed: this.secrets.seal(secret, id) });
    });
    return { ...webhook, secret };
  }

  async list(user: AuthenticatedUser, query: PageQueryDto): Promise<Page<Webhook>> {
    const binding = { list: 'webhooks' };
    const limit = pageLimit(query);
    const after = this.cursors.decode<string>(query.cursor, binding);
    const rows = await this.webhooks.list(this.dataSource.manager, user.id, after, limit + 1);
    return this.cursors.page(rows, limit, (last) => last.id, binding);
  }

  read(user: AuthenticatedUser, id: string): Promise<Webhook> {
    return this.existing(this.dataSource.manager, user, id);
  }

  async delete(user: AuthenticatedUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.existing(manager, user, id, true);
      await this.webhooks.delete(manager, id);
    });
  }

  /** A new secret, answered this once; the old one keeps signing beside it for WEBHOOK_SECRET_GRACE_SECONDS. */
  rotateSecret(user: AuthenticatedUser, id: string): Promise<WebhookWithSecret> {
    return this.dataSource.transaction(async (manager) => {
      await this.existing(manager, user, id, true);
      const secret = generateWebhookSecret();
      const webhook = await this.webhooks.rotate(manager, id, this.secrets.seal(secret, id), this.config.webhookSecretGraceSeconds);
      return { ...webhook, secret };
    });
  }

  /** The caller's webhook (another user's: 404, as if it did not exist). */
  async existing(manager: EntityManager, user: AuthenticatedUser, id: string, lock = false): Promise<Webhook> {
    const webhook = await this.webhooks.byId(manager, user.id, id, lock);
    if (!webhook) throw new WebhookNotFoundException(id);
    return webhook;
  }
}
