import { DatabaseUnavailableError, isDatabaseUnavailableError } from './database-unavailable';

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
