export * from './abandoned-work-dirs';
export * from './archiving-setup';
export * from './config-template';
export * from './pgbackrest';
export * from './postgres-user';
export * from './scratch-cluster';
