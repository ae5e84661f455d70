/**
 * One budget for everything a crafted file can make the converter build out of little: bytes and strings
 * the pickle materialises, values built by allowed constructors (str, int, dtype...), text produced by
 * config interpolations, and storage bytes read for tensor views. It grows with the file (a real
 * snapshot needs far less than its own size) and has a hard cap, so no input can reach the memory or
 * time it would take to crash or hang.
 */
import { ConvertError } from './errors';

/** Work any file may ask for, however small. */
export const BUDGET_BASE = 64 * 1024 * 1024;
/** Units per byte of the file on top of the base. */
export const BUDGET_PER_FILE_BYTE = 2;
/** Never more than this (units are about bytes of memory). */
export const BUDGET_HARD_CAP = 768 * 1024 * 1024;

const MB = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString('en-US')} MB`;

export class ParseBudget {
  private used = 0;
  constructor(
    readonly limit: number,
    /** Size of the file, for the message. */
    readonly fileSize = 0,
  ) {}

  /** The budget for a file of `size` bytes. */
  static forFile(size: number): ParseBudget {
    return new ParseBudget(Math.min(BUDGET_HARD_CAP, BUDGET_BASE + BUDGET_PER_FILE_BYTE * Math.max(0, size)), size);
  }

  /** A budget that never runs out (tests of the parts in isolation). */
  static unlimited(): ParseBudget {
    return new ParseBudget(Infinity);
  }

  get spent(): number {
    return this.used;
  }

  /** Charge `units` (about bytes) of `what`; throws a 'too-complex' refusal past the limit. */
  charge(units: number, what: string): void {
    this.used += Math.max(0, units);
    if (this.used > this.limit) {
      throw new ConvertError(
        `refused: the file asks for more than ${MB(this.limit)} of ${what} while being read` +
          `${this.fileSize ? ` (it is ${MB(this.fileSize)})` : ''} — it is damaged or crafted, not a normal StyleGAN-V checkpoint`,
        'too-complex',
        what,
      );
    }
  }
}
