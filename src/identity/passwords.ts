import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane),
 * on libuv's thread pool so hashing never blocks the event loop.
 */
const ARGON2ID = 2; // @node-rs/argon2's Algorithm.Argon2id (a const enum, which erasable TypeScript cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}
