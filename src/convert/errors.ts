/** Typed errors of the converter. Every error says where it happened and what to do. */

/** A malformed, truncated or over-limit pickle stream. `offset` is the absolute byte offset in the source. */
export class PickleError extends Error {
  override readonly name = 'PickleError';
  constructor(
    message: string,
    readonly offset: number,
    readonly code: PickleErrorCode = 'malformed',
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

export type PickleErrorCode =
  | 'truncated'
  | 'unknown-opcode'
  | 'malformed'
  | 'limit'
  | 'unsupported';

/** A pickle that parsed but is not a StyleGAN-V snapshot we can convert. */
export class ConvertError extends Error {
  override readonly name = 'ConvertError';
  constructor(
    message: string,
    readonly code: ConvertErrorCode,
    /** The setting or state-dict name the error is about, when there is one. */
    readonly setting?: string,
  ) {
    super(message);
  }
}

export type ConvertErrorCode =
  | 'missing-generator'
  | 'unsupported-architecture'
  | 'bad-tensor'
  | 'bad-storage'
  | 'bad-config';
