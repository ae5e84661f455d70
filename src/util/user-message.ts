/**
 * The one line a person sees for any failure: our own messages as they are (clipped to a few lines'
 * worth), and never the internals of tfjs, V8 or WebAssembly kernels, which say nothing to a user.
 */
import { escapeUnsafe } from './quote-text';

const INTERNALS =
  /Cannot read propert|is not a function|is not iterable|of undefined|of null|Based on the provided shape|XNN|typed array length|memory access out of bounds|Maximum call stack|Array buffer allocation|Invalid string length|out of memory|RuntimeError|unreachable|WebAssembly|Aborted\(/i;

export const MAX_MESSAGE = 600;

/** V8's messages for WebAssembly traps (a RuntimeError's message carries no "RuntimeError"). */
const WASM_TRAP =
  /table index is out of bounds|memory access out of bounds|^unreachable|divide by zero|integer overflow|unrepresentable|invalid conversion to integer|signature mismatch|null function|out of memory|Aborted\(/i;

export function userMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'RuntimeError' || WASM_TRAP.test(raw)) {
    const trap = raw.replace(/\s+/g, ' ').slice(0, 80);
    return `the numeric backend (WebAssembly) stopped with "${trap}": the model likely needs more memory than the backend has, or its folder is damaged`;
  }
  if (INTERNALS.test(raw)) {
    return 'the model could not be run (an internal error of the numeric backend); the model folder may be damaged or crafted — convert the snapshot again';
  }
  // Whatever the message quotes, nothing in it may reorder or hide the rest of the line.
  const line = escapeUnsafe(raw.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}...` : line;
}
