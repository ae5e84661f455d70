/**
 * The range of frame times the engine renders: 0 <= t < MAX_FRAME_TIME training frames (2^24, about 7.8 days
 * at 25 fps). Below 2^24 every float32 t, its remainder modulo an integer code distance and the left anchor
 * t - (t mod d) are exact, as in the official float32 arithmetic, and every motion code index floor(t / d)
 * (d >= 1, checked with the model) is a small exact integer.
 */
export const MAX_FRAME_TIME = 2 ** 24;

/** The highest motion code index a render may need (d >= 1), with room for the conv window. */
export const MAX_CODE_INDEX = MAX_FRAME_TIME + 4096;

export function frameTimeProblem(t: number): string | undefined {
  if (!(Number.isFinite(t) && t >= 0 && Math.fround(t) < MAX_FRAME_TIME)) {
    return `frame time must be a number from 0 to below ${MAX_FRAME_TIME.toLocaleString('en-US')} training frames, got ${String(t).slice(0, 40)}`;
  }
  return undefined;
}

/** Throws a RangeError for the first time outside the range. */
export function checkFrameTimes(times: readonly number[]): void {
  for (const t of times) {
    const problem = frameTimeProblem(t);
    if (problem) throw new RangeError(problem);
  }
}
