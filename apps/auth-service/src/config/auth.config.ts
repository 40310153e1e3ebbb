import { BaseServiceConfig, DEVELOPMENT_JWT_KEYS_DIR, EnvVar, type ServiceName } from '@taskhub/platform-config';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min, MinLength, ValidateBy, type ValidationArguments } from 'class-validator';

/** The key device cookies are signed with in development and tests; public, so the service refuses it in production. */
export const DEVELOPMENT_DEVICE_COOKIE_SECRET = 'development-only-device-cookie-secret-never-for-production';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** The number is at most another property's (named by its variable in the message). */
const AtMost = (property: string, variable: string): PropertyDecorator =>
  ValidateBy({
    name: 'atMost',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => typeof value === 'number' && value <= Number((args?.object as Record<string, unknown>)[property]),
      defaultMessage: () => `$property must not be more than ${variable}`,
    },
  });

/**
 * Configuration of the auth service: the runtime contract plus its own variables (docs/auth.md). Defaults are the
 * development ones (see `serviceConfigDefaults`); brute-force limits follow OWASP ASVS 2.2.1.
 */
export class AuthServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'auth';

  static readonly defaults = {
    AUTH_SIGNING_KEYS_DIR: DEVELOPMENT_JWT_KEYS_DIR,
    AUTH_GENERATE_SIGNING_KEY: 'true',
    AUTH_ACCESS_TOKEN_TTL_SECONDS: '900',
    AUTH_API_KEY_TOKEN_TTL_SECONDS: '300',
    AUTH_SESSION_TTL_SECONDS: String(30 * 24 * 3600),
    AUTH_PASSWORD_RESET_TTL_SECONDS: '1800',
    AUTH_PASSWORD_FORGOT_MIN_RESPONSE_MS: '200',
    AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR: '100',
    AUTH_LOGIN_MAX_FAILURES_PER_DEVICE_PER_HOUR: '10',
    AUTH_DEVICE_COOKIE_SECRET: DEVELOPMENT_DEVICE_COOKIE_SECRET,
    AUTH_LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE: '30',
    AUTH_REFRESH_MAX_ATTEMPTS_PER_IP_PER_MINUTE: '60',
    AUTH_REFRESH_MAX_PER_ACCOUNT_PER_MINUTE: '30',
    AUTH_RESET_MAX_PER_ACCOUNT_AND_IP_PER_HOUR: '5',
    AUTH_RESET_MAX_PER_IP_PER_HOUR: '30',
    AUTH_TOKEN_EXCHANGE_MAX_PER_IP_PER_MINUTE: '60',
    AUTH_REGISTER_MAX_PER_IP_PER_HOUR: '20',
    AUTH_REGISTER_MAX_PER_EMAIL_PER_HOUR: '5',
    AUTH_REGISTER_MIN_RESPONSE_MS: '400',
    AUTH_EMAIL_VERIFICATION_TTL_SECONDS: String(24 * 3600),
    AUTH_EMAIL_CHANGE_TTL_SECONDS: String(24 * 3600),
    AUTH_EMAIL_LINK_MAX_PER_ACCOUNT_PER_HOUR: '5',
    AUTH_EMAIL_TOKEN_MAX_PER_IP_PER_HOUR: '60',
    AUTH_API_KEY_DEFAULT_LIFETIME_DAYS: '90',
    AUTH_API_KEY_MAX_LIFETIME_DAYS: '365',
    AUTH_DELETION_STUCK_AFTER_SECONDS: '900',
    AUTH_DELETION_RETENTION_DAYS: '30',
    AUTH_DELETION_MAINTENANCE_INTERVAL_SECONDS: '60',
  };

  /** `<kid>.private.pem` files; the newest whose public key is in JWT_PUBLIC_KEYS_DIR signs */
  @EnvVar('AUTH_SIGNING_KEYS_DIR')
  @IsString()
  @MinLength(1)
  readonly signingKeysDir!: string;

  /** make a signing key on first start when the folder has none (development and tests; never in production) */
  @EnvVar('AUTH_GENERATE_SIGNING_KEY')
  @Transform(toBoolean)
  @IsBoolean()
  readonly generateSigningKey!: boolean;

  @EnvVar('AUTH_ACCESS_TOKEN_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(900) // Kong's jwt plugin refuses an exp more than 960 s ahead (maximum_expiration in kong.yml: 900 + 60 s of clock skew)
  readonly accessTokenTtlSeconds!: number;

  /** access tokens exchanged for an API key live shorter */
  @EnvVar('AUTH_API_KEY_TOKEN_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(900)
  readonly apiKeyTokenTtlSeconds!: number;

  /** the expiry of a new API key whose creator gives none */
  @EnvVar('AUTH_API_KEY_DEFAULT_LIFETIME_DAYS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @AtMost('apiKeyMaxLifetimeDays', 'AUTH_API_KEY_MAX_LIFETIME_DAYS')
  readonly apiKeyDefaultLifetimeDays!: number;

  /** no API key lives longer: a later expiry is refused (400) */
  @EnvVar('AUTH_API_KEY_MAX_LIFETIME_DAYS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  readonly apiKeyMaxLifetimeDays!: number;

  /** absolute lifetime of a login session (its refresh-token family) */
  @EnvVar('AUTH_SESSION_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(60)
  readonly sessionTtlSeconds!: number;

  @EnvVar('AUTH_PASSWORD_RESET_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86_400)
  readonly passwordResetTtlSeconds!: number;

  /**
   * a forgot-password request is answered no sooner than this after it arrived, whether or not the e-mail has an
   * account: the known one also writes a token and an event, a few milliseconds that would tell accounts apart
   */
  @EnvVar('AUTH_PASSWORD_FORGOT_MIN_RESPONSE_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  readonly passwordForgotMinResponseMs!: number;

  /**
   * failed logins per account and hour from unknown devices (no valid device cookie for the account, or one whose own
   * budget is spent); ASVS 2.2.1: at most 100
   */
  @EnvVar('AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  readonly loginMaxFailuresPerAccountPerHour!: number;

  /** failed logins per device cookie and hour: a known device's own budget, never the account's (docs/auth.md) */
  @EnvVar('AUTH_LOGIN_MAX_FAILURES_PER_DEVICE_PER_HOUR')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  readonly loginMaxFailuresPerDevicePerHour!: number;

  /** HMAC-SHA256 key of the device cookies; a new one makes every device unknown again (nothing else is lost) */
  @EnvVar('AUTH_DEVICE_COOKIE_SECRET', { sensitive: true })
  @IsString()
  @MinLength(32)
  readonly deviceCookieSecret!: string;

  @EnvVar('AUTH_LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly loginMaxAttemptsPerIpPerMinute!: number;

  @EnvVar('AUTH_REFRESH_MAX_ATTEMPTS_PER_IP_PER_MINUTE')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly refreshMaxAttemptsPerIpPerMinute!: number;

  /** refreshes per account (all its sessions) and minute */
  @EnvVar('AUTH_REFRESH_MAX_PER_ACCOUNT_PER_MINUTE')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly refreshMaxPerAccountPerMinute!: number;

  /**
   * password-reset requests per e-mail and client IP (forgot), per hour; never per account alone, which anyone could
   * spend to block the owner's recovery. Resets and reset requests are also counted per IP (AUTH_RESET_MAX_PER_IP_PER_HOUR).
   */
  @EnvVar('AUTH_RESET_MAX_PER_ACCOUNT_AND_IP_PER_HOUR')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly resetMaxPerAccountAndIpPerHour!: number;

  @EnvVar('AUTH_RESET_MAX_PER_IP_PER_HOUR')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly resetMaxPerIpPerHour!: number;

  /** API-key exchanges per IP and minute */
  @EnvVar('AUTH_TOKEN_EXCHANGE_MAX_PER_IP_PER_MINUTE')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly tokenExchangeMaxPerIpPerMinute!: number;

  /**
   * registrations per client IP and hour, whatever their outcome: each costs an argon2id hash and sends an e-mail
   */
  @EnvVar('AUTH_REGISTER_MAX_PER_IP_PER_HOUR')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly registerMaxPerIpPerHour!: number;

  /**
   * registrations per registered e-mail address and hour, whatever their outcome (the answer is the same for a taken
   * and a new address): bounds the e-mails one address can be sent by strangers
   */
  @EnvVar('AUTH_REGISTER_MAX_PER_EMAIL_PER_HOUR')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly registerMaxPerEmailPerHour!: number;

  /**
   * a registration is answered no sooner than this after it arrived, whether or not the address is taken: both paths
   * hash the password and write one transaction, and this floor hides the difference that remains (a warning is
   * logged when a registration takes longer)
   */
  @EnvVar('AUTH_REGISTER_MIN_RESPONSE_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  readonly registerMinResponseMs!: number;

  /** how long a verification link works */
  @EnvVar('AUTH_EMAIL_VERIFICATION_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 86_400)
  readonly emailVerificationTtlSeconds!: number;

  /** how long the confirm and cancel links of an e-mail change work */
  @EnvVar('AUTH_EMAIL_CHANGE_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 86_400)
  readonly emailChangeTtlSeconds!: number;

  /** verification resends, and e-mail change requests, per account and hour (each sends e-mail) */
  @EnvVar('AUTH_EMAIL_LINK_MAX_PER_ACCOUNT_PER_HOUR')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly emailLinkMaxPerAccountPerHour!: number;

  /** uses of verification, confirm and cancel tokens per client IP and hour (public routes) */
  @EnvVar('AUTH_EMAIL_TOKEN_MAX_PER_IP_PER_HOUR')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly emailTokenMaxPerIpPerHour!: number;

  /** a deletion step asked this long ago and not reported counts in account_deletions_stuck (docs/sagas.md) */
  @EnvVar('AUTH_DELETION_STUCK_AFTER_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly deletionStuckAfterSeconds!: number;

  /** a completed deletion's saga row (ids and times only) is purged this many days after it completed */
  @EnvVar('AUTH_DELETION_RETENTION_DAYS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly deletionRetentionDays!: number;

  /** how often the stuck gauge is refreshed and old sagas purged; 0: never on its own */
  @EnvVar('AUTH_DELETION_MAINTENANCE_INTERVAL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly deletionMaintenanceIntervalSeconds!: number;
}
