// Just what the benchmark calls of sm-crypto 0.5 (the baseline; it ships no typings).
declare module "sm-crypto" {
  type Bytes = string | ArrayLike<number>;
  const smCrypto: {
    sm2: {
      doSignature(msg: Bytes, privateKey: string, options?: { hash?: boolean; publicKey?: string; der?: boolean }): string;
      doVerifySignature(msg: Bytes, signHex: string, publicKey: string, options?: { hash?: boolean; der?: boolean }): boolean;
    };
    sm3(input: Bytes): string;
    sm4: {
      encrypt(input: Bytes, key: string, options?: { padding?: "none" | "pkcs#7"; output?: "array" | "string" }): number[] | string;
    };
  };
  export default smCrypto;
}
