/**
 * Turn whatever a conversion threw into one `ConvertError` whose message is a complete sentence for the
 * user (what happened, where in the file, what to do). The CLI prints it; the studio shows it verbatim.
 */
import { ModelError } from '../model';
import { ConvertError, PickleError } from './errors';
import { HIGHEST_PROTOCOL } from './pickle-opcodes';

/** Longest message shown: whatever a file makes us quote, the message stays a few lines. */
const MAX_MESSAGE = 600;

function clipped(error: ConvertError): ConvertError {
  const message = error.message.replace(/[\r\n]+/g, ' ');
  if (message.length <= MAX_MESSAGE && message === error.message) return error;
  const short = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}...` : message;
  return new ConvertError(short, error.code, error.setting?.slice(0, 200), { cause: error.cause });
}

/** Node's file errors (EISDIR, EACCES, EIO, ...): the file cannot be read at all. */
function fileErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** "1,234,567" */
const bytes = (n: number) => Math.round(n).toLocaleString('en-US');

function percent(offset: number, size: number): string {
  if (size <= 0) return '0%';
  const p = (100 * Math.min(offset, size)) / size;
  return `${p >= 99.95 && offset < size ? '99.9' : p.toFixed(p < 10 ? 1 : 0)}%`;
}

function hexHead(head: Uint8Array | undefined): string {
  if (!head || head.length === 0) return '';
  return `; it starts with bytes ${Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}

export interface ExplainContext {
  /** Size of the file in bytes. */
  size: number;
  /** Its first bytes, for describing unknown formats. */
  head?: Uint8Array;
}

/** The user-facing error for anything a conversion threw. */
export function explainError(error: unknown, context: ExplainContext): ConvertError {
  return clipped(explain(error, context));
}

function explain(error: unknown, context: ExplainContext): ConvertError {
  if (error instanceof ConvertError) return error;
  if (error instanceof ModelError)
    return new ConvertError(error.message, 'bad-config', error.setting, { cause: error });
  const { size } = context;
  if (error instanceof PickleError) {
    const at = Math.max(0, error.offset);
    const where = `at byte ${bytes(at)} of ${bytes(size)} (${percent(at, size)} of the file)`;
    if (error.code === 'truncated') {
      return new ConvertError(
        `the file is truncated or corrupted: the data breaks off ${where} — the download was probably cut short; download the checkpoint again`,
        'truncated',
        undefined,
        { cause: error },
      );
    }
    if (error.code === 'limit') {
      return new ConvertError(
        `refused: the file exceeds a safety limit ${where} (${error.detail}) — it is damaged or crafted, not a normal StyleGAN-V checkpoint`,
        'too-complex',
        undefined,
        { cause: error },
      );
    }
    if (error.code === 'unsupported') {
      return new ConvertError(
        `this file uses a pickle feature no StyleGAN-V checkpoint uses (${error.detail}; Python writes protocols 0 to ${HIGHEST_PROTOCOL}) ${where} — ` +
          'it was not written by the StyleGAN-V training code; downloading it again will not help',
        'unsupported-format',
        undefined,
        { cause: error },
      );
    }
    if (at < 2 && (error.code === 'unknown-opcode' || error.code === 'malformed')) {
      return new ConvertError(
        `this is not a pickle file (unrecognised format${hexHead(context.head)}), not a StyleGAN-V checkpoint: pick the network-snapshot-*.pkl file`,
        'not-a-pickle',
        undefined,
        { cause: error },
      );
    }
    return new ConvertError(
      `the file is corrupted ${where}: ${error.detail} — download the checkpoint again`,
      'corrupt',
      undefined,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const fileCode = fileErrorCode(error);
  if (fileCode) {
    const what =
      fileCode === 'EISDIR'
        ? 'it is a folder, not a file'
        : fileCode === 'EACCES' || fileCode === 'EPERM'
          ? 'permission denied'
          : `error ${fileCode}`;
    return new ConvertError(`cannot read the checkpoint: ${what}`, 'unreadable', undefined, { cause: error });
  }
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return new ConvertError(
      'refused: the file nests data too deeply — it is damaged or crafted, not a normal StyleGAN-V checkpoint',
      'too-complex',
      undefined,
      { cause: error },
    );
  }
  if (error instanceof RangeError && /allocation|array length|too large|Invalid string length/i.test(message)) {
    return new ConvertError(
      'refused: the file asks for more memory than a checkpoint of its size can need — it is damaged or crafted',
      'too-complex',
      undefined,
      { cause: error },
    );
  }
  // The message of an unexpected exception is the converter's internals, not something for the user.
  const kind = error instanceof Error ? error.name : typeof error;
  return new ConvertError(
    `internal error while converting (an unexpected ${kind}); the file may be damaged — please report this with the file's source`,
    'internal',
    undefined,
    { cause: error },
  );
}
