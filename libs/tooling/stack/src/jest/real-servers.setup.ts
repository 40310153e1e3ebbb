// Loaded before every integration and e2e spec file (jest.config.js, setupFilesAfterEnv). These suites talk to real
// Postgres, Redis and RabbitMQ on a shared machine: a hook that starts a service and registers an account took over
// Jest's default 5 s on a loaded CI run, and `npm test` runs two of these suites at once beside lint and unit tests
// (tools/test.sh). A passing test is not slowed by a longer limit; a spec that needs longer still says so with its own
// jest.setTimeout.
jest.setTimeout(60_000);
