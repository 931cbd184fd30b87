/** Thrown for malformed keys or inputs; callers map it to a 400/403 rather than a 500. */
export class CryptoInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CryptoInputError";
  }
}
