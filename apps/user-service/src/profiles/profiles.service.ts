import { Injectable } from '@nestjs/common';
import {
  type AuthUserDisabledV1,
  type AuthUserEmailChangedV1,
  type AuthUserEmailVerifiedV1,
  type AuthUserProfileErasureRequestedV1,
  type AuthUserRegisteredV1,
  type ProfileField,
  USER_PROFILE_CREATED_V1,
  USER_PROFILE_ERASED_V1,
  USER_PROFILE_UPDATED_V1,
  type UserProfileV1,
} from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { CacheStore, type CachedNamespace } from '@taskhub/platform-cache';
import { type Page, PageCursors, pageLimit } from '@taskhub/platform-http';
import { deletePublishedOutboxRowsMentioning, writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { type ListUsersQueryDto } from './dto/list-users.query.dto';
import { type ProfileResponseDto } from './dto/profile.response.dto';
import { canonicalLocale, canonicalTimeZone } from './dto/profile-validators';
import { type UpdateProfileRequestDto } from './dto/update-profile.request.dto';
import { type EditableProfileFields, type Profile, searchKey } from './profile';
import { type DirectoryPosition, ProfileRepository } from './profile.repository';
import { IdsWithQueryException, ProfileNotFoundException } from './profiles.errors';

/** How long a profile stays in the cache (writes invalidate it at once; this bounds what a lost invalidation costs). */
const PROFILE_CACHE_TTL_SECONDS = 300;
const EDITABLE: readonly (keyof EditableProfileFields)[] = ['displayName', 'avatarUrl', 'timezone', 'locale'];

/** Profiles: created from auth's events, read through the cache, edited by their owner. */
@Injectable()
export class ProfilesService {
  private readonly cache: CachedNamespace<Profile>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly profiles: ProfileRepository,
    private readonly cursors: PageCursors,
    cacheStore: CacheStore,
  ) {
    this.cache = cacheStore.namespace<Profile>('profile', { ttlSeconds: PROFILE_CACHE_TTL_SECONDS });
  }

  async byId(id: string, viewer: AuthenticatedUser): Promise<ProfileResponseDto> {
    return toView(await this.load(id), viewer);
  }

  async update(user: AuthenticatedUser, input: UpdateProfileRequestDto): Promise<ProfileResponseDto> {
    const requested = canonical(input);
    const profile = await this.dataSource.transaction(async (manager) => {
      const current = await this.profiles.byId(manager, user.id, true);
      if (!current) throw new ProfileNotFoundException(user.id);
      const changed = EDITABLE.filter((field) => requested[field] !== undefined && requested[field] !== current[field]);
      if (changed.length === 0) return current;
      const updated = await this.profiles.update(manager, current, Object.fromEntries(changed.map((f) => [f, requested[f]])));
      await this.publishUpdate(manager, updated, changed);
      return updated;
    });
    return toView(profile, user);
  }

  /** `ids`: those that exist, in the order asked, in one query; otherwise a page of the directory. */
  async list(query: ListUsersQueryDto, viewer: AuthenticatedUser): Promise<Page<ProfileResponseDto>> {
    if (query.ids !== undefined) {
      if (query.q !== undefined || query.cursor !== undefined) {
        throw new IdsWithQueryException();
      }
      const found = new Map((await this.profiles.byIds(this.dataSource.manager, [...new Set(query.ids)])).map((p) => [p.id, p]));
      const items = [...new Set(query.ids)].flatMap((id) => {
        const profile = found.get(id);
        return profile ? [toView(profile, viewer)] : [];
      });
      return { items, nextCursor: null };
    }
    const prefix = query.q === undefined ? undefined : searchKey(query.q);
    const binding = { list: 'users.directory', q: prefix ?? null };
    const limit = pageLimit(query);
    const after = this.cursors.decode<DirectoryPosition>(query.cursor, binding);
    const rows = await this.profiles.directory(this.dataSource.manager, { prefix, after, limit: limit + 1 });
    const page = this.cursors.page(rows, limit, (last) => last.position, binding);
    return { items: page.items.map((row) => toView(row.profile, viewer)), nextCursor: page.nextCursor };
  }

  /** The profile of a new account (a replay, or one erased since, changes nothing), and user.profile.created.v1 with it. */
  async createFromRegistration(manager: EntityManager, data: AuthUserRegisteredV1): Promise<void> {
    if (await this.profiles.isErased(manager, data.userId)) return;
    const created = await this.profiles.insertIfAbsent(manager, { id: data.userId, email: data.email, displayName: data.displayName });
    if (!created) return;
    await writeToOutbox(manager, USER_PROFILE_CREATED_V1, publicFields(created));
    // a read before the event (404) is not cached, but another instance may have cached nothing yet either: be sure
    this.cache.invalidateAfterCommit(manager, created.id);
  }

  /**
   * Marks the profile of a disabled account (it leaves the directory). An account's events share one queue, so its
   * registration is normally applied first; if not (it is being retried), this fails and is retried after it.
   */
  async markDisabled(manager: EntityManager, data: AuthUserDisabledV1): Promise<void> {
    if (await this.profiles.isErased(manager, data.userId)) return;
    const current = await this.profiles.byId(manager, data.userId, true);
    if (!current) throw new Error(`no profile ${data.userId} yet: its registration has not been applied`);
    if (current.status === 'disabled') return;
    const updated = await this.profiles.update(manager, current, { status: 'disabled', disabledAt: new Date(data.disabledAt) });
    await this.publishUpdate(manager, updated, ['status']);
  }

  /** The profile's address is verified: it joins the directory. Its registration comes first on the same queue; if not, retried. */
  async markEmailVerified(manager: EntityManager, data: AuthUserEmailVerifiedV1): Promise<void> {
    if (await this.profiles.isErased(manager, data.userId)) return; // a late event about an erased person changes nothing
    if (!(await this.profiles.markEmailVerified(manager, data.userId))) throw new Error(`no profile ${data.userId} yet: its registration has not been applied`);
  }

  /** The new (verified) address of a confirmed e-mail change, in the profile, the directory's search text and the cache. */
  async changeEmail(manager: EntityManager, data: AuthUserEmailChangedV1): Promise<void> {
    if (await this.profiles.isErased(manager, data.userId)) return; // a late event about an erased person changes nothing
    if (!(await this.profiles.changeEmail(manager, data.userId, data.email, new Date(data.changedAt)))) {
      throw new Error(`no profile ${data.userId} yet: its registration has not been applied`);
    }
    this.cache.invalidateAfterCommit(manager, data.userId);
  }

  /**
   * The user service's step of an account deletion, the last one (docs/sagas.md): the profile and preferences are
   * deleted and a tombstone (the id alone) keeps late events from bringing them back; the cached profile goes at
   * commit; outbox rows about the person (user.profile.* carried the name) are deleted, published or not (the other
   * services have erased the person already: the saga asks for the profile last); and user.profile.erased.v1 reports
   * it. Asked again (a replay, a resume), it finds nothing left and reports again.
   */
  async erase(manager: EntityManager, data: AuthUserProfileErasureRequestedV1): Promise<void> {
    await this.profiles.byId(manager, data.userId, true); // a concurrent edit of the profile waits, then finds none
    await this.profiles.erase(manager, data.userId, new Date());
    await deletePublishedOutboxRowsMentioning(manager, [data.userId], { includePending: true, keepRoutingKeys: [USER_PROFILE_ERASED_V1.routingKey] });
    await writeToOutbox(manager, USER_PROFILE_ERASED_V1, { deletionId: data.deletionId, userId: data.userId, erasedAt: new Date().toISOString() });
    this.cache.invalidateAfterCommit(manager, data.userId);
  }

  private async publishUpdate(manager: EntityManager, profile: Profile, changed: readonly ProfileField[]): Promise<void> {
    await writeToOutbox(manager, USER_PROFILE_UPDATED_V1, { ...publicFields(profile), changed: [...changed] });
    this.cache.invalidateAfterCommit(manager, profile.id);
  }

  private async load(id: string): Promise<Profile> {
    const profile = await this.cache.getOrLoad(id, async () => (await this.profiles.byId(this.dataSource.manager, id)) ?? null);
    if (!profile) throw new ProfileNotFoundException(id);
    return profile;
  }
}

/** What the caller may see: the e-mail address only of themselves, or as an admin. */
function toView(profile: Profile, viewer: AuthenticatedUser): ProfileResponseDto {
  const { email, version: _version, ...visible } = profile;
  return viewer.id === profile.id || viewer.roles.includes('admin') ? { ...visible, email } : visible;
}

function publicFields(profile: Profile): UserProfileV1 {
  return {
    userId: profile.id,
    version: profile.version,
    displayName: profile.displayName,
    avatarUrl: profile.avatarUrl,
    timezone: profile.timezone,
    locale: profile.locale,
    status: profile.status,
  };
}

/** Time zone and locale in their canonical spelling, so `europe/paris` and `Europe/Paris` are one value. */
function canonical(input: UpdateProfileRequestDto): EditableProfileFields {
  return {
    displayName: input.displayName,
    avatarUrl: input.avatarUrl,
    timezone: input.timezone === undefined ? undefined : canonicalTimeZone(input.timezone),
    locale: input.locale === undefined ? undefined : canonicalLocale(input.locale),
  };
}
