import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../state/store';
import { type Limits, limitsOf } from '../state/values';

/** The value table's limits for the loaded model and clip; the same object until one of them changes. */
export function useLimits(): Limits {
  return useStudio(useShallow(limitsOf));
}
