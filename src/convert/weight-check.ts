/** Checks on converted weight values: NaN and infinite values become warnings naming the tensor. */

export interface NonFiniteCount {
  nan: number;
  infinite: number;
}

export function countNonFinite(values: Float32Array): NonFiniteCount {
  let nan = 0;
  let infinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) {
      if (Number.isNaN(v)) nan++;
      else infinite++;
    }
  }
  return { nan, infinite };
}

/** A warning for tensor `name`, or undefined when all its values are finite. */
export function nonFiniteWarning(name: string, values: Float32Array): string | undefined {
  const { nan, infinite } = countNonFinite(values);
  if (nan === 0 && infinite === 0) return undefined;
  const parts = [nan ? `${nan} NaN` : '', infinite ? `${infinite} infinite` : ''].filter(Boolean).join(' and ');
  return `${name} has ${parts} value${nan + infinite === 1 ? '' : 's'} (of ${values.length}): the checkpoint is damaged or training diverged, so outputs may be blank or noisy`;
}
