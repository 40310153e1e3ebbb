import { DEVELOPMENT_REPLICA_DIR, replicaSettings } from './postgres-replica-settings';

describe(replicaSettings.name, () => {
  it('should use the development defaults when nothing is set', () => {
    expect(replicaSettings({})).toEqual({
      primaryAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      baseDir: DEVELOPMENT_REPLICA_DIR,
      port: 5433,
      slot: 'taskhub_dev_replica',
    });
  });

  it('should refuse a port or slot name PostgreSQL would not take, naming the variable', () => {
    expect(() => replicaSettings({ REPLICA_PORT: '80' })).toThrow('REPLICA_PORT must be a port number from 1024 to 65535 (got "80")');
    expect(() => replicaSettings({ REPLICA_SLOT: 'Dev-Replica' })).toThrow('REPLICA_SLOT must be lower-case letters, digits and _ (got "Dev-Replica")');
  });
});
