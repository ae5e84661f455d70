import { type FramePlan, planFrames } from '../../export';
import { errorMessage } from '../../util';

/** The export form as typed (strings, so half-typed numbers don't jump around). */
export interface ClipOptionsDraft {
  start: string;
  duration: string;
  fps: string;
  bitrateMbps: string;
  content: 'video' | 'grid';
  destination: 'file' | 'download';
}

export interface ClipOptions {
  plan: FramePlan;
  bitrate: number;
  content: 'video' | 'grid';
  destination: 'file' | 'download';
}

export type ParsedOptions = { ok: true; options: ClipOptions } | { ok: false; error: string };

/** Checks the form against the model; the error says which field to fix. */
export function parseClipOptions(draft: ClipOptionsDraft, trainingFps: number): ParsedOptions {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const bitrateMbps = number(draft.bitrateMbps);
  if (!Number.isFinite(bitrateMbps) || bitrateMbps < 0.05 || bitrateMbps > 200)
    return { ok: false, error: 'Bitrate must be between 0.05 and 200 Mbit/s.' };
  try {
    const plan = planFrames({
      start: number(draft.start),
      durationSeconds: number(draft.duration),
      fps: number(draft.fps),
      trainingFps,
    });
    return {
      ok: true,
      options: { plan, bitrate: bitrateMbps * 1e6, content: draft.content, destination: draft.destination },
    };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/** A number for an input field: at most `digits` decimals, no trailing zeros. */
export function fieldText(value: number, digits = 3): string {
  return String(Math.round(value * 10 ** digits) / 10 ** digits);
}
