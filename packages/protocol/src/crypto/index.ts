// National-crypto layer (SM2/SM3/SM4) and the signing profile of the interface profile.
export { CryptoInputError } from "./errors";
export { bytesToHex, hexToBytes, randomHex } from "./hex";
export { sm3Hex, sm4EncryptEcbNoPad, macHex, timingSafeEqualHex } from "./symmetric";
export { normalizeSm2PublicKey, sm2PublicKeyFromPrivate, sm2GenerateKeyPair, sm2Sign, sm2Verify, sm2WeakPublicKeyReason } from "./sm2";
export { requestStringToSign, msgSignInput, verifySignature, signMessage, signRequest, signBody } from "./profile";
export type { Credential, SigningCredential } from "./profile";
export { canonicalJson } from "./jcs";
