/**
 * Typed errors of the converter. Every error says where it happened and what to do. Messages quote names
 * and text from the file, so controls and bidi characters in them are escaped here, for every message.
 */
import { escapeUnsafe } from '../util';

/** A malformed, truncated or over-limit pickle stream. `offset` is the absolute byte offset in the source. */
export class PickleError extends Error {
  override readonly name = 'PickleError';
  /** The message without the offset. */
  readonly detail: string;
  constructor(
    message: string,
    readonly offset: number,
    readonly code: PickleErrorCode = 'malformed',
  ) {
    super(escapeUnsafe(`${message} (at byte ${offset})`));
    this.detail = escapeUnsafe(message);
  }
}

export type PickleErrorCode = 'truncated' | 'unknown-opcode' | 'malformed' | 'limit' | 'unsupported';

/**
 * A file we cannot (or will not) convert. `message` is a complete sentence for the user: what the file
 * is, and what to do. The UI and the CLI show it verbatim.
 */
export class ConvertError extends Error {
  override readonly name = 'ConvertError';
  constructor(
    message: string,
    readonly code: ConvertErrorCode,
    /** The setting, state-dict name or global the error is about, when there is one. */
    readonly setting?: string,
    options?: { cause?: unknown },
  ) {
    super(escapeUnsafe(message), options);
  }

  /** A short headline for the message. */
  get title(): string {
    return CONVERT_ERROR_TITLES[this.code] ?? 'Conversion failed';
  }
}

export type ConvertErrorCode =
  /** The file is empty. */
  | 'empty-file'
  /** An HTML page (e.g. a Google Drive quota or confirmation page) saved under the checkpoint's name. */
  | 'web-page'
  /** A plain text file. */
  | 'text-file'
  /** Another binary format: zip / torch.save zip / npz / gzip / HDF5 / safetensors / image ... */
  | 'not-a-pickle'
  /** A pickle of a protocol or feature no Python writes for checkpoints (protocol 6, out-of-band buffers). */
  | 'unsupported-format'
  /** The file could not be read at all (a folder, a device, permission denied, I/O error). */
  | 'unreadable'
  /** --fp16 asked for, but weights lie beyond float16's range. */
  | 'fp16-range'
  /** A legacy (non-zip) torch.save file: a state dict or model, not a training snapshot. */
  | 'torch-save'
  /** The file ends in the middle of the data (an interrupted download). */
  | 'truncated'
  /** The pickle stream is damaged. */
  | 'corrupt'
  /** The file exceeds a safety limit (nesting, memo, sizes, work): crafted or damaged. */
  | 'too-complex'
  /** The pickle refers to a global that runs code (os.system, builtins.eval, ...): refused, nothing ran. */
  | 'code-execution'
  /** A TensorFlow StyleGAN / StyleGAN2 pickle (dnnlib.tflib). */
  | 'tensorflow-stylegan'
  /** A StyleGAN2-ADA / StyleGAN3 image generator: no motion encoder. */
  | 'image-generator'
  | 'missing-generator'
  | 'unsupported-architecture'
  | 'bad-tensor'
  | 'bad-storage'
  | 'bad-config'
  /** The conversion was cancelled by the user. */
  /** The converted model could not be saved in the browser (quota, storage unavailable). */
  | 'storage'
  | 'cancelled'
  /** A bug in the converter (an unexpected exception); the message says to report it. */
  | 'internal';

/** A short headline per error code (the message carries the details). */
export const CONVERT_ERROR_TITLES: Record<ConvertErrorCode, string> = {
  'empty-file': 'The file is empty',
  'web-page': 'This is a web page, not a checkpoint',
  'text-file': 'This is a text file, not a checkpoint',
  'not-a-pickle': 'This is not a checkpoint file',
  'torch-save': 'This is a PyTorch state file, not a training snapshot',
  'unsupported-format': 'Unsupported file format',
  unreadable: 'The file cannot be read',
  'fp16-range': 'Weights too large for float16',
  truncated: 'The file is incomplete',
  corrupt: 'The file is corrupted',
  'too-complex': 'The file was refused (safety limit)',
  'code-execution': 'Refused: the file tries to run code',
  'tensorflow-stylegan': 'A TensorFlow StyleGAN checkpoint',
  'image-generator': 'An image generator, not a video generator',
  'missing-generator': 'No generator in this file',
  'unsupported-architecture': 'Unsupported model architecture',
  'bad-tensor': 'Damaged weights',
  'bad-storage': 'Damaged weights',
  'bad-config': 'Damaged model configuration',
  storage: 'Could not save the model in the browser',
  cancelled: 'Conversion cancelled',
  internal: 'Conversion failed',
};
