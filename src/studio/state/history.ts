/**
 * Undo/redo over what defines the video (zundo's `temporal` middleware on the one store). Only changes made
 * inside `undoable` are steps; seeking, playing and everything the services write are not. A gesture (a
 * slider drag) is one step: its first change records the state before it, the rest of it records nothing.
 */
import type { ZundoOptions } from 'zundo';
import type { VideoState } from './video-state';

export const HISTORY_FIELDS = [
  'modelId',
  'contentSeed',
  'contentWs',
  'motionSeed',
  'motionZ',
  'classIndex',
  'psi',
  'edits',
  'editRanges',
  'mixSeed',
  'mixRange',
  'loopStart',
  'loopEnd',
  'clipSeconds',
  'sound',
  'tracks',
] as const satisfies ReadonlyArray<keyof VideoState>;

export type HistoryState = Pick<VideoState, (typeof HISTORY_FIELDS)[number]>;

let recording = 0;
let gesture: { recorded: boolean } | null = null;

/** Runs `change` as one undo step (nested calls join the outer one's step). */
export function undoable<T>(change: () => T): T {
  recording++;
  try {
    return change();
  } finally {
    recording--;
  }
}

/** From now until `endGesture`, the changes made are one undo step. */
export function beginGesture(): void {
  gesture = { recorded: false };
}

export function endGesture(): void {
  gesture = null;
}

function partialize(state: VideoState): HistoryState {
  return Object.fromEntries(HISTORY_FIELDS.map((key) => [key, state[key]])) as HistoryState;
}

export function sameHistory(a: HistoryState, b: HistoryState): boolean {
  return HISTORY_FIELDS.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

export function historyOptions<S extends VideoState>(): ZundoOptions<S, HistoryState> {
  return {
    partialize,
    equality: sameHistory,
    limit: 200,
    handleSet: (save) => (past, replace, current, delta) => {
      if (recording === 0) return;
      if (gesture) {
        if (gesture.recorded) return;
        gesture.recorded = true;
      }
      (save as (...args: unknown[]) => void)(past, replace, current, delta);
    },
  };
}
