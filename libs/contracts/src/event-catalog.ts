import { type EventContract } from './envelope/event-contract';
import { EventRegistry } from './envelope/event-registry';
import { AUTH_PASSWORD_RESET_REQUESTED_V1 } from './events/auth-password-reset-requested/auth-password-reset-requested.v1.event';
import { AUTH_USER_DISABLED_V1 } from './events/auth-user-disabled/auth-user-disabled.v1.event';
import { AUTH_USER_REGISTERED_V1 } from './events/auth-user-registered/auth-user-registered.v1.event';
import { AUTH_USER_VERIFICATION_REQUESTED_V1 } from './events/auth-user-verification-requested/auth-user-verification-requested.v1.event';
import { AUTH_USER_REGISTRATION_ATTEMPTED_V1 } from './events/auth-user-registration-attempted/auth-user-registration-attempted.v1.event';
import { AUTH_USER_EMAIL_VERIFIED_V1 } from './events/auth-user-email-verified/auth-user-email-verified.v1.event';
import { AUTH_USER_EMAIL_CHANGE_REQUESTED_V1 } from './events/auth-user-email-change-requested/auth-user-email-change-requested.v1.event';
import { AUTH_USER_EMAIL_CHANGED_V1 } from './events/auth-user-email-changed/auth-user-email-changed.v1.event';
import { TASK_PROJECT_CREATED_V1 } from './events/task-project-created/task-project-created.v1.event';
import { TASK_PROJECT_MEMBER_ADDED_V1 } from './events/task-project-member-added/task-project-member-added.v1.event';
import { TASK_PROJECT_MEMBER_REMOVED_V1 } from './events/task-project-member-removed/task-project-member-removed.v1.event';
import { TASK_TASK_CREATED_V1 } from './events/task-task-created/task-task-created.v1.event';
import { TASK_TASK_UPDATED_V1 } from './events/task-task-updated/task-task-updated.v1.event';
import { TASK_TASK_ASSIGNED_V1 } from './events/task-task-assigned/task-task-assigned.v1.event';
import { TASK_TASK_STATUS_CHANGED_V1 } from './events/task-task-status-changed/task-task-status-changed.v1.event';
import { TASK_TASK_DUE_SOON_V1 } from './events/task-task-due-soon/task-task-due-soon.v1.event';
import { TASK_TASK_DELETED_V1 } from './events/task-task-deleted/task-task-deleted.v1.event';
import { TASK_COMMENT_ADDED_V1 } from './events/task-comment-added/task-comment-added.v1.event';
import { TASK_EXPORT_REQUESTED_V1 } from './events/task-export-requested/task-export-requested.v1.event';
import { USER_PREFERENCES_UPDATED_V1 } from './events/user-preferences-updated/user-preferences-updated.v1.event';
import { USER_PROFILE_CREATED_V1 } from './events/user-profile-created/user-profile-created.v1.event';
import { USER_PROFILE_UPDATED_V1 } from './events/user-profile-updated/user-profile-updated.v1.event';
import { AUTH_USER_DELETION_REQUESTED_V1 } from './events/auth-user-deletion-requested/auth-user-deletion-requested.v1.event';
import { AUTH_USER_PROFILE_ERASURE_REQUESTED_V1 } from './events/auth-user-profile-erasure-requested/auth-user-profile-erasure-requested.v1.event';
import { TASK_PERSON_ERASED_V1 } from './events/task-person-erased/task-person-erased.v1.event';
import { NOTIFICATION_PERSON_ERASED_V1 } from './events/notification-person-erased/notification-person-erased.v1.event';
import { USER_PROFILE_ERASED_V1 } from './events/user-profile-erased/user-profile-erased.v1.event';
import { USER_DATA_EXPORT_REQUESTED_V1 } from './events/user-data-export-requested/user-data-export-requested.v1.event';
import { AUTH_PERSONAL_DATA_EXPORTED_V1 } from './events/auth-personal-data-exported/auth-personal-data-exported.v1.event';
import { TASK_PERSONAL_DATA_EXPORTED_V1 } from './events/task-personal-data-exported/task-personal-data-exported.v1.event';
import { NOTIFICATION_PERSONAL_DATA_EXPORTED_V1 } from './events/notification-personal-data-exported/notification-personal-data-exported.v1.event';

/** Every event of TaskHub. docs/events.md lists the same, checked by tools/workspace-checks. */
export const EVENT_CATALOG: readonly EventContract[] = [
  AUTH_USER_REGISTERED_V1,
  AUTH_PASSWORD_RESET_REQUESTED_V1,
  AUTH_USER_DISABLED_V1,
  AUTH_USER_VERIFICATION_REQUESTED_V1,
  AUTH_USER_REGISTRATION_ATTEMPTED_V1,
  AUTH_USER_EMAIL_VERIFIED_V1,
  AUTH_USER_EMAIL_CHANGE_REQUESTED_V1,
  AUTH_USER_EMAIL_CHANGED_V1,
  USER_PROFILE_CREATED_V1,
  USER_PROFILE_UPDATED_V1,
  USER_PREFERENCES_UPDATED_V1,
  TASK_PROJECT_CREATED_V1,
  TASK_PROJECT_MEMBER_ADDED_V1,
  TASK_PROJECT_MEMBER_REMOVED_V1,
  TASK_TASK_CREATED_V1,
  TASK_TASK_UPDATED_V1,
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_STATUS_CHANGED_V1,
  TASK_TASK_DELETED_V1,
  TASK_TASK_DUE_SOON_V1,
  TASK_COMMENT_ADDED_V1,
  TASK_EXPORT_REQUESTED_V1,
  AUTH_USER_DELETION_REQUESTED_V1,
  AUTH_USER_PROFILE_ERASURE_REQUESTED_V1,
  TASK_PERSON_ERASED_V1,
  NOTIFICATION_PERSON_ERASED_V1,
  USER_PROFILE_ERASED_V1,
  USER_DATA_EXPORT_REQUESTED_V1,
  AUTH_PERSONAL_DATA_EXPORTED_V1,
  TASK_PERSONAL_DATA_EXPORTED_V1,
  NOTIFICATION_PERSONAL_DATA_EXPORTED_V1,
];

/** A registry of the whole catalogue. */
export function catalogRegistry(): EventRegistry {
  return new EventRegistry(EVENT_CATALOG);
}

/** The routing keys of the events whose payload holds a secret. */
export function secretRoutingKeys(contracts: readonly EventContract[] = EVENT_CATALOG): ReadonlySet<string> {
  return new Set(contracts.filter((c) => c.carriesSecret === true).map((c) => c.routingKey));
}

/**
 * The routing keys of the events no outbox keeps once the broker has them: those that hold a secret
 * (`carriesSecret`) or a person's data for an export (`personalData`).
 */
export function deleteOnPublishRoutingKeys(contracts: readonly EventContract[] = EVENT_CATALOG): ReadonlySet<string> {
  return new Set(contracts.filter((c) => c.carriesSecret === true || c.personalData === true).map((c) => c.routingKey));
}

/**
 * The routing keys of the events no service consumes yet (an empty `consumers`): relays publish them without
 * `mandatory`, since no queue will ever be bound to keep them for; a contract that gains a consumer loses its place here.
 */
export function unconsumedRoutingKeys(contracts: readonly EventContract[] = EVENT_CATALOG): ReadonlySet<string> {
  return new Set(contracts.filter((c) => c.consumers.length === 0).map((c) => c.routingKey));
}
