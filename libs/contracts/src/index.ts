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
