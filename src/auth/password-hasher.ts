import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export interface PasswordCheck {
  valid: boolean;
  /** The hash was made with weaker parameters (or another variant) than configured: store a fresh one. */
  needsRehash: boolean;
}

export interface Argon2Params {
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's minimum for argon2id; config may raise it (hashes are then upgraded at the next login). */
export const DEFAULT_ARGON2_PARAMS: Argon2Params = { memoryKib: 19_456, timeCost: 2, parallelism: 1 };

/** argon2id hash with the given cost (also used to seed demo users outside the Nest container). */
export function hashPassword(
  password: string,
  params: Argon2Params = DEFAULT_ARGON2_PARAMS,
): Promise<string> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: params.memoryKib,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  });
}

const ARGON2_PARAMS = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/;

/** argon2id with the configured cost; the one place passwords are hashed and checked. */
@Injectable()
export class PasswordHasher {
  private readonly params: Argon2Params;
  private dummyHash?: Promise<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.params = config.auth.argon2;
  }

  hash(password: string): Promise<string> {
    return hashPassword(password, this.params);
  }

  async verify(hash: string | null | undefined, password: string): Promise<PasswordCheck> {
    if (!hash) {
      // Same work as a real check, so "no such user" and "no password" cannot be told apart by timing.
      this.dummyHash ??= this.hash('hearth timing equaliser');
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return { valid: false, needsRehash: false };
    }
    const valid = await argon2.verify(hash, password).catch(() => false);
    return { valid, needsRehash: valid && this.isWeakerThanConfigured(hash) };
  }

  /** Raising a cost parameter upgrades hashes at the next login; lowering one never downgrades them. */
  isWeakerThanConfigured(hash: string): boolean {
    const match = ARGON2_PARAMS.exec(hash);
    if (!match) return true;
    const [, variant, memory, time, lanes] = match;
    return (
      variant !== 'argon2id' ||
      Number(memory) < this.params.memoryKib ||
      Number(time) < this.params.timeCost ||
      Number(lanes) < this.params.parallelism
    );
  }
}
