import { DatabaseUnavailableError, isDatabaseUnavailableError, isUnavailableSqlState } from './database-unavailable';

describe(isDatabaseUnavailableError.name, () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connect timeout from pg-pool', new Error('timeout exceeded when trying to connect')],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['a client-side read timeout', new Error('Query read timeout')],
    ['an admin shutdown (57P01)', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['too many connections (53300)', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['a TypeORM-wrapped connection failure', Object.assign(new Error('wrapped'), { driverError: { code: '08006' } })],
    ['an AggregateError of refused sockets', Object.assign(new AggregateError([Object.assign(new Error(''), { code: 'ECONNREFUSED' })], ''), {})],
    ['our own not-connected error', new DatabaseUnavailableError()],
  ])('should recognise %s', (_label, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key value'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error at or near'), { code: '42601' })],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['a non-error', 'ECONNREFUSED'],
  ])('should not treat %s as unavailability', (_label, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});

describe(isUnavailableSqlState.name, () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

  it.each([
    ['08000', 'connection_exception'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
    ['08003', 'connection_does_not_exist'],
    ['08004', 'sqlserver_rejected_establishment_of_sqlconnection'],
    ['08006', 'connection_failure'],
    ['08P01', 'protocol_violation'],
    ['28000', 'invalid_authorization_specification (role is not permitted to log in)'],
    ['28P01', 'invalid_password'],
    ['3D000', 'invalid_catalog_name (database does not exist)'],
    ['53000', 'insufficient_resources'],
    ['53100', 'disk_full'],
    ['53200', 'out_of_memory'],
    ['53300', 'too_many_connections (sorry, too many clients already; too many connections for role)'],
    ['53400', 'configuration_limit_exceeded'],
    ['57P01', 'admin_shutdown'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now (the database system is starting up)'],
    ['57P04', 'database_dropped'],
    ['57P05', 'idle_session_timeout'],
    ['57014', 'query_canceled (statement timeout)'],
    ['25006', 'read_only_sql_transaction (a standby after failover)'],
    ['58030', 'io_error'],
  ])('should treat SQLSTATE %s (%s) as unavailable, raw and wrapped by TypeORM', (code) => {
    expect(isUnavailableSqlState(code)).toBe(true);
    expect(isDatabaseUnavailableError(pgError(code, 'x'))).toBe(true);
    expect(isDatabaseUnavailableError(Object.assign(new Error('query failed'), { driverError: pgError(code, 'x') }))).toBe(true);
  });

  it('should treat 55000 as unavailable only for a database that does not accept connections (ALLOW_CONNECTIONS false)', () => {
    expect(isDatabaseUnavailableError(pgError('55000', 'database "taskhub_auth" is not currently accepting connections'))).toBe(true);
    expect(isDatabaseUnavailableError(pgError('55000', 'lastval is not yet defined in this session'))).toBe(false);
  });

  it.each([
    ['23505', 'unique_violation'],
    ['23503', 'foreign_key_violation'],
    ['22P02', 'invalid_text_representation'],
    ['22021', 'character_not_in_repertoire'],
    ['40001', 'serialization_failure'],
    ['40P01', 'deadlock_detected'],
    ['42P01', 'undefined_table'],
    ['55P03', 'lock_not_available'],
    ['57P0', 'a truncated code'],
    ['XX000', 'internal_error'],
  ])('should not treat SQLSTATE %s (%s) as unavailable', (code, message) => {
    expect(isUnavailableSqlState(code, message)).toBe(false);
    expect(isDatabaseUnavailableError(pgError(code, message))).toBe(false);
  });
});
