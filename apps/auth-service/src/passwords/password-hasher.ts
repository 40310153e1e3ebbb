import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';

/** OWASP Password Storage Cheat Sheet, first argon2id option: m=19456 KiB (19 MiB), t=2, p=1. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * argon2id hashing. `verify` against an unknown account runs the same work on a dummy hash, so "no such e-mail" and
 * "wrong password" take the same time.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await argon2.hash(randomBytes(32).toString('base64'), ARGON2_OPTIONS);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /** True only for a real hash that matches; undefined (no account) costs one verification too and is false. */
  async verify(hash: string | undefined, password: string): Promise<boolean> {
    const matches = await argon2.verify(hash ?? this.dummyHash, password).catch(() => false);
    return hash !== undefined && matches;
  }

  /** The hash was made with weaker parameters than today's and should be replaced at the next login. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }
}
