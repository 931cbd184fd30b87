/**
 * Operator passwords: PBKDF2-SHA256 through WebCrypto with a per-user random salt. workerd
 * refuses more than 100 000 PBKDF2 iterations, so that maximum is what is used.
 */
import { bytesToHex, hexToBytes, randomHex } from "@gyt345/protocol/crypto";

export const PBKDF2_ITERATIONS = 100_000;

export interface PasswordHash {
  passwordHash: string;
  passwordSalt: string;
  passwordIterations: number;
}

async function derive(password: string, saltHex: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: hexToBytes(saltHex), iterations }, key, 256);
  return bytesToHex(new Uint8Array(bits));
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const passwordSalt = randomHex(16);
  return { passwordHash: await derive(password, passwordSalt, PBKDF2_ITERATIONS), passwordSalt, passwordIterations: PBKDF2_ITERATIONS };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const actual = await derive(password, stored.passwordSalt, stored.passwordIterations);
  let diff = actual.length ^ stored.passwordHash.length;
  for (let i = 0; i < actual.length; i++) diff |= actual.charCodeAt(i) ^ stored.passwordHash.charCodeAt(i);
  return diff === 0;
}
