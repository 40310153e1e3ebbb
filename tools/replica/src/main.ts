import { isReplicaRunning, removeReplica, replicaSettings, startReplica, stopReplica } from '@taskhub/tooling-stack';

const USAGE = 'usage: npm run replica:setup | replica:status | replica:stop | replica:remove  (docs/read-replicas.md)';

/**
 * The development read replica: `setup` makes (pg_basebackup -R, once) and starts a streaming replica of the local
 * primary on port 5433, `stop` stops it, `remove` deletes it and its replication slot, `status` says whether it runs.
 * Every command is idempotent.
 */
async function main(argv: readonly string[]): Promise<number> {
  const settings = replicaSettings(process.env);
  switch (argv[0]) {
    case 'setup': {
      const replica = await startReplica(settings);
      process.stdout.write(`read replica running on port ${replica.port} (data in ${replica.dataDir}); READ_DATABASE_URL uses it, or start with TASKHUB_READ_REPLICA=1 npm start\n`);
      return 0;
    }
    case 'status': {
      const running = await isReplicaRunning(settings.baseDir);
      process.stdout.write(`read replica ${running ? `running on port ${settings.port}` : 'not running'} (${settings.baseDir})\n`);
      return running ? 0 : 3;
    }
    case 'stop':
      process.stdout.write((await stopReplica(settings)) ? 'read replica stopped\n' : 'read replica was not running\n');
      return 0;
    case 'remove':
      await removeReplica(settings);
      process.stdout.write(`read replica removed (${settings.baseDir}, slot ${settings.slot})\n`);
      return 0;
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`replica failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
