import { DEVELOPMENT_CURSOR_SIGNING_SECRET, DEVELOPMENT_DATABASE_PASSWORD } from './base-service.config';

/**
 * Passwords published in this repository: the local database roles' (`npm start`; docker-compose before
 * `npm run compose:env`), docker-compose's former Postgres superuser password, and RabbitMQ's built-in `guest`.
 */
export const DEVELOPMENT_PASSWORDS: readonly string[] = [DEVELOPMENT_DATABASE_PASSWORD, 'postgres_dev_password', 'guest'];

/**
 * Secrets published in this repository besides the development defaults of the config classes (which the loader
 * knows): whatever variable holds one of them, production refuses it.
 */
export const PUBLISHED_DEVELOPMENT_SECRETS: readonly string[] = [
  DEVELOPMENT_CURSOR_SIGNING_SECRET,
  // docker-compose.yml carried these literals until its secrets moved to the .env of `npm run compose:env` (issue 17)
  'taskhub-compose-dev-cursor-secret-auth',
  'taskhub-compose-dev-cursor-secret-user',
  'taskhub-compose-dev-cursor-secret-task',
  'taskhub-compose-dev-cursor-secret-notification',
  'taskhub-compose-dev-webhook-secret-encryption-key',
];

/** RabbitMQ's built-in user; amqplib also connects as it when the URL names no user. */
const RABBITMQ_GUEST = 'guest';

/** Redis's built-in user: every connection that names no user (or only a password, AUTH <password>) is it. */
const REDIS_DEFAULT_USER = 'default';

/** What makes a value a development credential, and what production needs instead. */
interface Reason {
  readonly what: string;
  readonly fix: string;
}

/** One sensitive variable as the loader resolved it. */
export interface ResolvedCredential {
  readonly name: string;
  readonly value: string;
  /** its development default, if it has one */
  readonly developmentDefault: string | undefined;
  /** false when the value is the development default because the variable was not set */
  readonly set: boolean;
}

/**
 * Why a sensitive variable's value is a development credential that production must refuse, or undefined: a URL with a
 * password published here, RabbitMQ's guest user or Redis's default user, its own development default when that is a secret (not a URL
 * without credentials, such as the local Redis or mail catcher), or any secret in `knownSecrets`.
 */
export function developmentCredentialProblem(credential: ResolvedCredential, knownSecrets: ReadonlySet<string>): string | undefined {
  const reason = whyDevelopment(credential, knownSecrets);
  if (reason === undefined) return undefined;
  const subject = credential.set ? credential.name : `${credential.name} is not set: its development default`;
  return `${subject} ${reason.what}, refused with NODE_ENV=production: ${reason.fix}`;
}

function whyDevelopment({ value, developmentDefault }: ResolvedCredential, knownSecrets: ReadonlySet<string>): Reason | undefined {
  const url = parseUrl(value);
  if (url) {
    if (url.protocol === 'amqp:' || url.protocol === 'amqps:') {
      const fix = 'give the service a broker user of its own';
      const user = decoded(url.username);
      if (user === RABBITMQ_GUEST) return { what: "connects as RabbitMQ's guest user", fix };
      if (user === '') return { what: "names no user, so it connects as RabbitMQ's guest", fix };
    }
    if (url.protocol === 'redis:' || url.protocol === 'rediss:') {
      const fix = 'give the service a Redis user of its own';
      const user = decoded(url.username);
      if (user === '') return { what: "names no user, so it connects as Redis's default user, which may touch every key", fix };
      if (user === REDIS_DEFAULT_USER) return { what: "connects as Redis's default user, which may touch every key", fix };
    }
    if (url.password !== '' && DEVELOPMENT_PASSWORDS.includes(decoded(url.password))) {
      return { what: 'has a development password published in this repository', fix: 'give it a password of its own' };
    }
    // a URL without credentials (the mail catcher) is an address, not a secret
    if (url.username === '' && url.password === '') return undefined;
  }
  if (value === developmentDefault || knownSecrets.has(value)) {
    return { what: 'is a development secret published in this repository', fix: 'set a random secret of its own' };
  }
  return undefined;
}

/** A URL's percent-encoded user or password as written in the URL, decoded (left as is when malformed). */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function parseUrl(value: string): URL | undefined {
  if (!value.includes('://')) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
