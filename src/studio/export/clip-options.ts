import { type FramePlan, planFrames, type ScaleFilter, suggestedBitrate } from '../../export';
import { errorMessage } from '../../util';
import type { ModelInfo } from '../state/store';
import { type ExportScale, type Limits, rangeText, roundTo, VALUES, type ValueName, type View } from '../state/values';

/** The export form's values (each number field commits only values its row in the value table accepts). */
export interface ClipOptionsDraft {
  /** First frame's t, in training frames. */
  start: number;
  duration: number;
  fps: number;
  bitrateMbps: number;
  scale: ExportScale;
  filter: ScaleFilter;
  /** beside: the clip "Animate a video" fitted (then its fit), beside the current video. */
  content: ExportContent;
  destination: 'file' | 'download';
}

export interface ClipOptions {
  plan: FramePlan;
  bitrate: number;
  scale: ExportScale;
  filter: ScaleFilter;
  /** beside: the clip "Animate a video" fitted (then its fit), beside the current video. */
  content: ExportContent;
  destination: 'file' | 'download';
}

export type ParsedOptions = { ok: true; options: ClipOptions } | { ok: false; error: string };

export type ExportContent = 'video' | 'grid' | 'beside';

/**
 * The exported frame's width and height in model frames: the grid's tiles; the clip beside the video, with its
 * fit between them once the clip was fitted (`fitted`).
 */
export function contentTiles(
  content: ExportContent,
  gridSize: number,
  fitted: boolean,
): { across: number; down: number } {
  if (content === 'grid') return { across: gridSize, down: gridSize };
  return { across: content === 'beside' ? (fitted ? 3 : 2) : 1, down: 1 };
}

/** The form's numbers and the value table rows that judge them. */
const ROWS: ReadonlyArray<[keyof ClipOptionsDraft, ValueName]> = [
  ['start', 'exportStart'],
  ['duration', 'exportDuration'],
  ['fps', 'exportFps'],
  ['bitrateMbps', 'exportBitrate'],
];

/** Checks the form against the value table and the model; the error says which field to fix. */
export function parseClipOptions(draft: ClipOptionsDraft, limits: Limits): ParsedOptions {
  for (const [key, name] of ROWS) {
    const spec = VALUES[name];
    const value = draft[key] as number;
    if (!Number.isFinite(value) || value < spec.min(limits) || value > spec.max(limits))
      return { ok: false, error: `${spec.label} must be ${rangeText(spec, limits)}.` };
  }
  try {
    const plan = planFrames({
      start: draft.start,
      durationSeconds: draft.duration,
      fps: draft.fps,
      trainingFps: limits.trainingFps,
    });
    return {
      ok: true,
      options: {
        plan,
        bitrate: draft.bitrateMbps * 1e6,
        scale: draft.scale,
        filter: draft.filter,
        content: draft.content,
        destination: draft.destination,
      },
    };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/** The bitrate suggested for a frame of `side` pixels at `fps`, in Mbit/s on the bitrate row's grid. */
export function suggestedMbps(side: number, fps: number): number {
  return roundTo(VALUES.exportBitrate, suggestedBitrate(side, side, fps) / 1e6);
}

/**
 * The form as it opens: the loop (in to out) at the model's own frame rate, at native size, for what the
 * stage shows (the grid in grid view).
 */
export function defaultClipOptions(
  s: { view: View; gridSize: number; loopStart: number; loopEnd: number },
  model: Pick<ModelInfo, 'resolution' | 'trainingFps'>,
  limits: Limits,
  destination: ClipOptionsDraft['destination'],
): ClipOptionsDraft {
  const content = s.view === 'grid' ? 'grid' : 'video';
  const side = model.resolution * (content === 'grid' ? s.gridSize : 1);
  const fps = roundTo(VALUES.exportFps, model.trainingFps);
  return {
    start: roundTo(VALUES.exportStart, s.loopStart),
    duration: Math.max(
      VALUES.exportDuration.min(limits),
      roundTo(VALUES.exportDuration, (s.loopEnd - s.loopStart) / model.trainingFps),
    ),
    fps,
    bitrateMbps: suggestedMbps(side, fps),
    scale: 1,
    filter: 'nearest',
    content,
    destination,
  };
}

/** A number for a summary: at most `digits` decimals, no trailing zeros. */
export function fieldText(value: number, digits = 3): string {
  return String(Math.round(value * 10 ** digits) / 10 ** digits);
}
