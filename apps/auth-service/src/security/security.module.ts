import { Module } from '@nestjs/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { AttemptLimiter } from './attempt-limiter';

/** Brute-force counters, password hashing and the password policy. */
@Module({
  providers: [AttemptLimiter, PasswordHasher, PasswordPolicy],
  exports: [AttemptLimiter, PasswordHasher, PasswordPolicy],
})
export class SecurityModule {}
