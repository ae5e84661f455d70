/**
 * Class 5: numbers at the edges. Frame times beyond the documented range (where code indices stop being
 * exact integers), non-numbers, and motion_z_distance values that would make every time map to a huge
 * code index.
 */
import { MAX_FRAME_TIME } from '../../../src/engine';

/** --t values the CLI must refuse (each alone, and hidden in a list of good times). */
export function* badFrameTimes(): Generator<string> {
  for (const t of [
    '1e18',
    '9007199254740993',
    String(MAX_FRAME_TIME + 1),
    '1e308',
    '-1',
    '-0.001',
    'NaN',
    'Infinity',
    '-Infinity',
    '2e20',
  ]) {
    yield t;
    yield `0,2.5,${t}`;
  }
}

/** Motion code spacings no model may have (each makes t / d enormous, or is not a spacing). */
export const BAD_MOTION_Z_DISTANCES: unknown[] = [1e-9, 1e-300, 5e-324, 0, -16, 0.5, null, '16', 1e300];
