// class-transformer and class-validator read decorator metadata: load the polyfill wherever contracts are imported
import 'reflect-metadata';

export * from './envelope/contract-violation';
export * from './envelope/event-contract';
export * from './envelope/event-envelope';
export * from './envelope/event-registry';
export * from './envelope/validate-data';
export * from './event-catalog';
export * from './events/auth-password-reset-requested/auth-password-reset-requested.v1.event';
export * from './events/auth-user-disabled/auth-user-disabled.v1.event';
export * from './events/auth-user-registered/auth-user-registered.v1.event';
export * from './events/user-preferences-updated/user-preferences-updated.v1.event';
export * from './events/user-profile/user-profile.v1';
export * from './events/user-profile-created/user-profile-created.v1.event';
export * from './events/user-profile-updated/user-profile-updated.v1.event';
export * from './events/task-shared/task-values.v1';
export * from './events/task-project-created/task-project-created.v1.event';
export * from './events/task-project-member-added/task-project-member-added.v1.event';
export * from './events/task-project-member-removed/task-project-member-removed.v1.event';
export * from './events/task-task-created/task-task-created.v1.event';
export * from './events/task-task-updated/task-task-updated.v1.event';
export * from './events/task-task-assigned/task-task-assigned.v1.event';
export * from './events/task-task-due-soon/task-task-due-soon.v1.event';
export * from './events/task-task-status-changed/task-task-status-changed.v1.event';
export * from './events/task-task-deleted/task-task-deleted.v1.event';
export * from './events/task-comment-added/task-comment-added.v1.event';
export * from './events/task-export-requested/task-export-requested.v1.event';
