/** Checks on converted weight values: NaN and infinite values are counted (one warning for all); --fp16 overflow is a refusal. */
import { ConvertError } from './errors';

/** The largest finite float16. */
export const FLOAT16_MAX = 65504;

/** A refusal when `values` hold finite numbers that float16 would turn into infinities; else undefined. */
export function float16RangeError(name: string, values: Float32Array): ConvertError | undefined {
  let count = 0;
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    // Values that round to 65504 still fit; from 65520 up float16 rounds to infinity.
    if (a >= 65520 && a !== Infinity) {
      count++;
      if (a > largest) largest = a;
    }
  }
  if (count === 0) return undefined;
  return new ConvertError(
    `${name} has ${count} value${count === 1 ? '' : 's'} beyond float16's range (largest ${largest.toExponential(3)}; float16 holds up to ±${FLOAT16_MAX}): ` +
      '--fp16 would turn them into infinities — convert without --fp16',
    'fp16-range',
    name,
  );
}

/** How many of `values` are NaN or infinite. */
export function countNonFinite(values: Float32Array): number {
  return allFinite(values) ? 0 : countEach(values);
}

/**
 * Whether every value is finite, without a branch per value: v * 0 is ±0 for a finite v and NaN otherwise, and
 * four running sums keep the loop's additions independent (about 3x faster than testing each value).
 */
function allFinite(values: Float32Array): boolean {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  const whole = values.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    a0 += values[i]! * 0;
    a1 += values[i + 1]! * 0;
    a2 += values[i + 2]! * 0;
    a3 += values[i + 3]! * 0;
  }
  for (let i = whole; i < values.length; i++) a0 += values[i]! * 0;
  return a0 + a1 + a2 + a3 === 0;
}

function countEach(values: Float32Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) count++;
  }
  return count;
}
