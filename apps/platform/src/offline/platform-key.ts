/**
 * The platform's SM2 key pair: it signs platform→CP emergency-offline notices (6.8/6.9);
 * CPs verify with the public key published at GET /api/v1/platform/public-key.
 */
import { sm2PublicKeyFromPrivate } from "@gyt345/protocol/crypto";

let cached: { privateKey: string; publicKey: string } | undefined;

export function platformPublicKey(privateKeyHex: string): string {
  if (cached?.privateKey !== privateKeyHex) cached = { privateKey: privateKeyHex, publicKey: sm2PublicKeyFromPrivate(privateKeyHex) };
  return cached.publicKey;
}
