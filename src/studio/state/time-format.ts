/**
 * How the page writes and reads times: every time field (Timecode, In, Out, clip length, an export's start)
 * goes through this one rule. Times are held in training frames; the unit setting picks how they are shown:
 * `frames` (12.37) or `timecode` (m:ss.xx). Whatever the setting, a person may type any of the three forms:
 * a bare number is training frames, `0.49s` is seconds, `m:ss.xx` (or `h:mm:ss.xx`) is minutes and seconds.
 */
import { type Checked, type Limits, type NumberSpec, roundTo, VALUES } from './values';

export const TIME_UNITS = ['frames', 'timecode'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** The unit's label beside a field: "frames" or "m:ss". */
export function unitLabel(unit: TimeUnit): string {
  return unit === 'frames' ? 'frames' : 'm:ss';
}

/** The digits needed to write seconds exactly (within t's grid at any frame rate up to 1000), at least `min`. */
function exactFixed(value: number, min: number): string {
  for (let digits = min; digits < 12; digits++) {
    const text = value.toFixed(digits);
    if (Math.abs(Number(text) - value) < 5e-13) return text;
  }
  return value.toFixed(12);
}

/** Seconds as m:ss.xx (h:mm:ss.xx from an hour), with more decimals only where hundredths are not exact. */
export function formatTimecode(seconds: number, minDecimals = 2): string {
  const negative = seconds < 0;
  let rest = Math.abs(seconds);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const [whole = '0', fraction] = exactFixed(rest - m * 60, minDecimals).split('.');
  const ss = `${whole.padStart(2, '0')}${fraction === undefined ? '' : `.${fraction}`}`;
  const sign = negative ? '-' : '';
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

/** A time (training frames) as the unit shows it: exactly, so the text reads back to the same value. */
export function formatTime(frames: number, unit: TimeUnit, trainingFps: number): string {
  const t = roundTo(VALUES.t, frames);
  return unit === 'frames' ? String(t) : formatTimecode(t / trainingFps);
}

const NUMBER = String.raw`(\d+\.?\d*|\.\d+)`;
const FRAMES = new RegExp(`^${NUMBER}$`);
const SECONDS = new RegExp(`^${NUMBER}\\s*s$`, 'i');
const CLOCK = /^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d*)?)$/;

/** Typed text as training frames, or null when it is none of the three forms (or a clock's seconds are 60+). */
export function parseTime(text: string, trainingFps: number): number | null {
  const trimmed = text.trim();
  let frames: number | null = null;
  const f = FRAMES.exec(trimmed);
  const s = SECONDS.exec(trimmed);
  const c = CLOCK.exec(trimmed);
  if (f) frames = Number(f[1]);
  else if (s) frames = Number(s[1]) * trainingFps;
  else if (c) {
    const hours = c[1] === undefined ? 0 : Number(c[1]);
    const minutes = Number(c[2]);
    const seconds = Number(c[3]);
    if (seconds >= 60 || (c[1] !== undefined && minutes >= 60)) return null;
    frames = (hours * 3600 + minutes * 60 + seconds) * trainingFps;
  }
  if (frames === null || !Number.isFinite(frames)) return null;
  // Seconds times the frame rate: 0.49 * 25 is 12.250000000000002, on t's grid it is 12.25.
  return roundTo(VALUES.t, frames);
}

/** How a field of this spec holds a time: most in frames, the clip length in whole seconds. */
function inFrames(spec: NumberSpec, value: number, fps: number): number {
  return spec.unit === 's' ? value * fps : value;
}

function fromFrames(spec: NumberSpec, frames: number, fps: number): number {
  return spec.unit === 's' ? frames / fps : frames;
}

/** A time field's value as text in the unit. */
export function formatTimeValue(spec: NumberSpec, value: number, unit: TimeUnit, l: Limits): string {
  return formatTime(inFrames(spec, value, l.trainingFps), unit, l.trainingFps);
}

/** A time field's value as assistive technology reads it: the text shown, with "frames" when in frames. */
export function timeValueText(spec: NumberSpec, value: number, unit: TimeUnit, l: Limits): string {
  return `${formatTimeValue(spec, value, unit, l)}${unit === 'frames' ? ' frames' : ''}`;
}

/** "from 0 to 250 frames", "from 0:00.00 to 0:10.00" in the unit. */
export function timeRangeText(spec: NumberSpec, unit: TimeUnit, l: Limits): string {
  const write = (v: number) => formatTimeValue(spec, v, unit, l);
  return `from ${write(spec.min(l))} to ${write(spec.max(l))}${unit === 'frames' ? ' frames' : ''}`;
}

/**
 * Text typed into a time field, judged like `checkText`: a time in range (on the spec's grid), or the line
 * that says what is wrong, in the unit shown. Nothing is clamped. A bare number is frames: when it is refused
 * but the same number of seconds would do (a clip length of `3`), the line says to type `3s`.
 */
export function checkTime(spec: NumberSpec, text: string, unit: TimeUnit, l: Limits): Checked {
  const checked = judgeTime(spec, text, unit, l);
  const bare = text.trim();
  if (checked.ok || !FRAMES.test(bare)) return checked;
  if (!judgeTime(spec, `${bare}s`, unit, l).ok) return checked;
  const one = Number(bare) === 1 ? '' : 's';
  return {
    ok: false,
    problem: `${checked.problem}: ${bare} is ${bare} frame${one}; type ${bare}s for ${bare} second${one}`,
  };
}

function judgeTime(spec: NumberSpec, text: string, unit: TimeUnit, l: Limits): Checked {
  const fps = l.trainingFps;
  const frames = parseTime(text, fps);
  const whole = spec.step === 1;
  const perSecond = unit === 'frames' ? ` (${fps} frames each)` : '';
  const what = whole ? `a whole number of seconds${perSecond}` : 'a time';
  const forms = 'frames (12.37), seconds (0.49s) or m:ss.xx';
  const must = `${spec.label} must be ${what} ${timeRangeText(spec, unit, l)}`;
  if (frames === null) return { ok: false, problem: `${must}: type ${forms}` };
  const value = fromFrames(spec, frames, fps);
  const rounded = roundTo(spec, value);
  if (whole && Math.abs(rounded - value) > 1e-9) return { ok: false, problem: must };
  if (rounded < spec.min(l) || rounded > spec.max(l)) return { ok: false, problem: must };
  return { ok: true, value: rounded };
}
