/**
 * Turn whatever a conversion threw into one `ConvertError` whose message is a complete sentence for the
 * user (what happened, where in the file, what to do). The CLI prints it; the studio shows it verbatim.
 */
import { ConvertError, PickleError } from './errors';
import { errorMessage } from '../util';

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
  if (error instanceof ConvertError) return error;
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
  const message = errorMessage(error);
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return new ConvertError('refused: the file nests data too deeply — it is damaged or crafted, not a normal StyleGAN-V checkpoint', 'too-complex', undefined, { cause: error });
  }
  return new ConvertError(
    `internal error while converting (${message}); the file may be damaged — please report this with the file's source`,
    'internal',
    undefined,
    { cause: error },
  );
}
