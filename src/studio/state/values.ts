/**
 * The studio's values, in one table: name, unit, range, step, default, URL key and how each is shown. Store
 * actions, number fields, sliders, keys and links all validate, clamp and round through it; no limit of a
 * value is written anywhere else.
 */
import { FOLLOW_DEFAULTS, MAX_AUDIO_SECONDS } from '../../audio';
import { SEED_MAX, SEED_MIN } from '../../engine/plain';
import { MAX_DURATION_SECONDS, MAX_FPS, MIN_FPS } from '../../export';
import { CLIP_VALUES } from './clip-values';

/** Seconds as m:ss.ss. */
export function formatSeconds(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s.toFixed(2).padStart(5, '0')}`;
}

/** What the limits of some values depend on: the model and the clip. */
export interface Limits {
  trainingFps: number;
  clipSeconds: number;
  loopStart: number;
  loopEnd: number;
  numWs: number;
  cDim: number;
}

export interface LimitsSource {
  model: { trainingFps: number; numWs: number; cDim: number } | null;
  clipSeconds: number;
  loopStart: number;
  loopEnd: number;
}

export function limitsOf(s: LimitsSource): Limits {
  return {
    trainingFps: s.model?.trainingFps ?? 25,
    clipSeconds: s.clipSeconds,
    loopStart: s.loopStart,
    loopEnd: s.loopEnd,
    numWs: s.model?.numWs ?? 1,
    cDim: s.model?.cDim ?? 0,
  };
}

export interface NumberSpec {
  /** The label a person sees (fields, messages, notices). */
  label: string;
  unit: string;
  min: (l: Limits) => number;
  max: (l: Limits) => number;
  /** Values are multiples of this (1: whole numbers). */
  step: number;
  /** What a stepper or arrow key adds (the step when left out). */
  nudge?: number;
  default: number;
  /** Never clamped or rounded: a value off by one is another video (seeds). */
  exact?: boolean;
  /** Its key in the link, when it has one. */
  url?: string;
  display: (value: number, l: Limits) => string;
}

/** The shortest loop, in training frames. */
const MIN_LOOP = 1;
/**
 * t's grid: a billionth of a training frame, so playback's sums print short (97.25, not 97.25000000000094).
 * Each playback step is then a multiple of it: the clock runs off by under 1e-9 of a frame per step.
 */
const T_STEP = 1e-9;

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const whole = (v: number) => v.toLocaleString('en-US');
const seed = (label: string, url: string): NumberSpec => ({
  label,
  unit: '',
  min: () => SEED_MIN,
  max: () => SEED_MAX,
  step: 1,
  default: 1,
  exact: true,
  url,
  display: whole,
});
const clipEnd = (l: Limits) => l.clipSeconds * l.trainingFps;

const TABLE = {
  contentSeed: seed('Content seed', 'content'),
  motionSeed: seed('Motion seed', 'motion'),
  mixSeed: seed('Mix seed', 'mix'),
  classIndex: {
    label: 'Class',
    unit: '',
    min: () => 0,
    max: (l) => Math.max(0, l.cDim - 1),
    step: 1,
    default: 0,
    url: 'class',
    display: whole,
  },
  psi: {
    label: 'Truncation',
    unit: 'ψ',
    min: () => 0,
    max: () => 1.5,
    step: 0.01,
    default: 0.8,
    url: 'psi',
    display: fixed(2),
  },
  t: {
    label: 'Time',
    unit: 'frames',
    min: () => 0,
    max: clipEnd,
    step: T_STEP,
    nudge: 1,
    default: 0,
    url: 't',
    display: (t, l) => `${Number(t.toFixed(2))} frames, ${formatSeconds(t / l.trainingFps)}`,
  },
  playbackFps: {
    label: 'Playback FPS',
    unit: 'FPS',
    min: () => 1,
    max: () => 240,
    step: 0.01,
    nudge: 1,
    default: 25,
    url: 'fps',
    display: (v) => String(v),
  },
  speed: {
    label: 'Speed',
    unit: '×',
    min: () => 0.1,
    max: () => 4,
    step: 0.05,
    default: 1,
    url: 'speed',
    display: fixed(2),
  },
  clipSeconds: {
    label: 'Clip length',
    unit: 's',
    min: () => 1,
    max: () => 3600,
    step: 1,
    default: 10,
    url: 'clip',
    display: whole,
  },
  loopStart: {
    label: 'In point',
    unit: 'frames',
    min: () => 0,
    max: (l) => Math.max(0, Math.min(l.loopEnd, clipEnd(l)) - MIN_LOOP),
    step: 0.01,
    nudge: 1,
    default: 0,
    url: 'loopStart',
    display: (v) => String(v),
  },
  loopEnd: {
    label: 'Out point',
    unit: 'frames',
    min: (l) => Math.min(l.loopStart + MIN_LOOP, clipEnd(l)),
    max: clipEnd,
    step: 0.01,
    nudge: 1,
    default: 250,
    url: 'loopEnd',
    display: (v) => String(v),
  },
  edit: {
    label: 'Direction',
    unit: 'σ',
    min: () => -5,
    max: () => 5,
    step: 0.1,
    default: 0,
    url: 'edits',
    display: fixed(1),
  },
  wsIndex: {
    label: 'w index',
    unit: '',
    min: () => 0,
    max: (l) => Math.max(0, l.numWs - 1),
    step: 1,
    default: 0,
    display: whole,
  },
  gridSize: {
    label: 'Grid size',
    unit: '',
    min: () => 2,
    max: () => 4,
    step: 1,
    default: 3,
    url: 'grid',
    display: whole,
  },
  soundOffset: {
    label: 'Sound starts at',
    unit: 's',
    min: () => -MAX_AUDIO_SECONDS,
    max: (l) => l.clipSeconds,
    step: 0.001,
    default: 0,
    display: fixed(3),
  },
  soundFade: { label: 'Fade', unit: 's', min: () => 0, max: () => 60, step: 0.01, default: 0, display: fixed(2) },
  followBase: {
    label: 'Base speed',
    unit: '×',
    min: () => 0,
    max: () => 4,
    step: 0.01,
    default: FOLLOW_DEFAULTS.base,
    display: fixed(2),
  },
  followGain: {
    label: 'Gain',
    unit: '×',
    min: () => 0,
    max: () => 8,
    step: 0.01,
    default: FOLLOW_DEFAULTS.gain,
    display: fixed(2),
  },
  followOnsets: {
    label: 'Onsets',
    unit: '',
    min: () => 0,
    max: () => 1,
    step: 0.01,
    default: FOLLOW_DEFAULTS.onsetWeight,
    display: fixed(2),
  },
  followRelease: {
    label: 'Smoothing',
    unit: 's',
    min: () => 0.01,
    max: () => 2,
    step: 0.01,
    default: FOLLOW_DEFAULTS.releaseSeconds,
    display: fixed(2),
  },
  /** A Time keyframe's generator time (training frames): any time the engine renders. */
  keyT: {
    label: 'Generator time',
    unit: 'frames',
    min: () => 0,
    max: () => 16_000_000,
    step: 0.01,
    nudge: 1,
    default: 0,
    display: (v) => String(v),
  },
  /** A keyframe's place on its track (training frames, shown in the time unit); within the clip. */
  keyAt: {
    label: 'Keyframe time',
    unit: 'frames',
    min: () => 0,
    max: clipEnd,
    step: 0.000001,
    nudge: 1,
    default: 0,
    display: (v) => String(v),
  },
  exportStart: {
    label: 'Start t',
    unit: 'frames',
    min: () => 0,
    max: clipEnd,
    step: 0.001,
    nudge: 1,
    default: 0,
    display: (v) => String(v),
  },
  exportDuration: {
    label: 'Duration',
    unit: 's',
    min: () => 0.001,
    max: () => MAX_DURATION_SECONDS,
    step: 0.001,
    nudge: 1,
    default: 4,
    display: (v) => String(v),
  },
  exportFps: {
    label: 'Frames per second',
    unit: 'fps',
    min: () => MIN_FPS,
    max: () => MAX_FPS,
    step: 0.001,
    nudge: 1,
    default: 25,
    display: (v) => String(v),
  },
  exportBitrate: {
    label: 'Bitrate',
    unit: 'Mbit/s',
    min: () => 0.05,
    max: () => 200,
    step: 0.01,
    nudge: 0.5,
    default: 1,
    display: (v) => String(v),
  },
  projectionSteps: {
    label: 'Steps',
    unit: '',
    min: () => 1,
    max: () => 5000,
    step: 1,
    nudge: 50,
    default: 200,
    display: whole,
  },
  /** "Animate a video": its start, frame count and frame step (their rows in clip-values.ts). */
  ...CLIP_VALUES,
  /** The main frame's zoom: 0 fits the stage, 1..8 are whole-pixel factors (shrunk to fit when too large). */
  zoom: { label: 'Zoom', unit: '×', min: () => 0, max: () => 8, step: 1, default: 0, url: 'zoom', display: whole },
} satisfies Record<string, NumberSpec>;

export type ValueName = keyof typeof TABLE;
export const VALUES: Record<ValueName, NumberSpec> = TABLE;

/** The zoom factors offered (within VALUES.zoom's range); 0 is "Fit". */
export const ZOOMS = [0, 1, 2, 3, 4, 6, 8];
/** Export scale factors (whole multiples of the frame's size) and how the pixels are scaled (nearest: every pixel repeated, sharp; smooth: bilinear). */
export const EXPORT_SCALES = [1, 2, 4] as const;
export type ExportScale = (typeof EXPORT_SCALES)[number];
export const SCALE_FILTERS = [
  { value: 'nearest', label: 'Nearest' },
  { value: 'smooth', label: 'Smooth' },
] as const;
export const VIEWS = ['video', 'grid'] as const;
export type View = (typeof VIEWS)[number];

function decimalsOf(step: number): number {
  const text = String(step);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
}

/** `value` on the spec's grid, written as short as it round-trips (0.1 * 3 is 0.3, not 0.30000000000000004). */
export function roundTo(spec: NumberSpec, value: number): number {
  const decimals = decimalsOf(spec.step);
  const rounded = Math.round(value / spec.step) * spec.step;
  return decimals === 0 ? Math.round(rounded) : Number(rounded.toFixed(decimals));
}

/** The value within the spec's range and on its grid; a value that is not a number becomes the default. */
export function clampTo(spec: NumberSpec, value: number, l: Limits): number {
  if (!Number.isFinite(value)) return spec.default;
  const min = spec.min(l);
  const max = spec.max(l);
  // Rounding must not step back out of the range (a max that is not on the grid).
  const rounded = roundTo(spec, Math.min(max, Math.max(min, value)));
  return Math.min(max, Math.max(min, rounded));
}

/** "from 0 to 4,294,967,295" with the unit. */
export function rangeText(spec: NumberSpec, l: Limits): string {
  const unit = spec.unit && spec.unit !== 'ψ' ? ` ${spec.unit}` : '';
  const n = (v: number) => (spec.step >= 1 ? whole(v) : String(roundTo(spec, v)));
  return `from ${n(spec.min(l))} to ${n(spec.max(l))}${unit}`;
}

/** A decimal number as a person types it (no hex, no "Infinity", no empty text). */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

export type Checked = { ok: true; value: number } | { ok: false; problem: string };

/**
 * Text typed into a field, judged by the table: a number in range (rounded to the grid), or the one line
 * that says what is wrong. Nothing is clamped: a person's value is taken as it is or refused.
 */
export function checkText(spec: NumberSpec, text: string, l: Limits): Checked {
  const value = parseDecimal(text);
  const whole = spec.step === 1;
  const must = `${spec.label} must be ${whole ? 'a whole number' : 'a number'} ${rangeText(spec, l)}`;
  if (value === null) return { ok: false, problem: must };
  if (whole && !Number.isInteger(value)) return { ok: false, problem: must };
  if (value < spec.min(l) || value > spec.max(l)) return { ok: false, problem: must };
  return { ok: true, value: clampTo(spec, value, l) };
}
