/** Timeline arithmetic: time t is in training frames; playback shows `playbackFps` frames per second. */
import { formatSeconds, roundTo, VALUES } from './values';

export { formatSeconds };

/** Training frames that pass per displayed frame: slow motion (speed < 1) renders real in-between frames. */
export function framesPerTick(trainingFps: number, speed: number, playbackFps: number): number {
  return (trainingFps * speed) / playbackFps;
}

export function wrapIntoLoop(t: number, loopStart: number, loopEnd: number): number {
  const span = loopEnd - loopStart;
  if (span <= 0) return Math.max(loopStart, t);
  if (t < loopStart) return loopStart;
  return loopStart + ((t - loopStart) % span);
}

/** The times of `count` thumbnails spread evenly across [start, end]. */
export function filmstripTimes(start: number, end: number, count: number): number[] {
  if (count <= 1) return [start];
  return Array.from({ length: count }, (_, i) => start + ((end - start) * i) / (count - 1));
}

export interface PlaybackSteps {
  trainingFps: number;
  /** The stored speed times the shuttle's rate (J/K/L): negative plays backwards. */
  speed: number;
  playbackFps: number;
  loopStart: number;
  loopEnd: number;
}

/**
 * The t one displayed frame after `t`, wrapped into the loop and on t's grid (so sums of steps stay short
 * numbers in links: 97.25, not 97.25000000000094). Playback and the frame cache's look-ahead both step with
 * this, so the times they compute are the same numbers (cache keys match exactly).
 */
export function nextPlaybackTime(t: number, o: PlaybackSteps): number {
  const step = framesPerTick(o.trainingFps, o.speed, o.playbackFps);
  if (step < 0) {
    // Backwards (J): out of the loop's end it comes in at the end; past the start it wraps to the end.
    const span = o.loopEnd - o.loopStart;
    let next = Math.min(t, o.loopEnd) + step;
    if (next < o.loopStart) next = span <= 0 ? o.loopStart : o.loopEnd - ((o.loopStart - next) % span);
    return Math.max(o.loopStart, roundTo(VALUES.t, next));
  }
  const next = wrapIntoLoop(t + step, o.loopStart, o.loopEnd);
  return Math.min(o.loopEnd, roundTo(VALUES.t, next));
}

/** The shuttle's rates (J/K/L): each press of L (J) goes one further, forwards (backwards). */
export const SHUTTLE_RATES = [1, 2, 4] as const;

/** The shuttle's rate after pressing L (direction 1) or J (-1) at `rate` (0: not shuttling). */
export function nextShuttle(rate: number, direction: 1 | -1): number {
  if (Math.sign(rate) !== direction) return direction;
  const i = SHUTTLE_RATES.indexOf(Math.abs(rate) as 1 | 2 | 4);
  return direction * SHUTTLE_RATES[Math.min(SHUTTLE_RATES.length - 1, i + 1)]!;
}

export interface PlaybackSource {
  model: { trainingFps: number } | null;
  playing: boolean;
  /** The shuttle's rate while playing (0 or absent: plain play, forwards at 1). */
  shuttle?: number;
  speed: number;
  playbackFps: number;
  loopStart: number;
  loopEnd: number;
}

/** The steps playback takes now: the stored speed times the shuttle's rate while it plays. */
export function playbackStepsOf(s: PlaybackSource): PlaybackSteps {
  const rate = s.playing && s.shuttle ? s.shuttle : 1;
  return {
    trainingFps: s.model?.trainingFps ?? 25,
    speed: s.speed * rate,
    playbackFps: s.playbackFps,
    loopStart: s.loopStart,
    loopEnd: s.loopEnd,
  };
}

/**
 * The frames playback shows over one pass of the loop: t_k = loop start + k steps (the same numbers
 * nextPlaybackTime gives, so they are the frame cache's keys), forwards at the stored speed; at most `max`.
 */
export function loopFrames(o: PlaybackSteps, max = 200_000): number[] {
  const forward = { ...o, speed: Math.abs(o.speed) };
  const count = Math.min(max, framesPerLoop(forward));
  const times = [o.loopStart];
  for (let t = o.loopStart; times.length < count; ) {
    t = nextPlaybackTime(t, forward);
    if (t <= times[times.length - 1]!) break;
    times.push(t);
  }
  return times;
}

/** A readiness column: every frame it covers is cached ('1'), some is not ('0'), or it is outside the loop ('-'). */
export type ReadyColumn = '1' | '0' | '-';

/**
 * The readiness strip over [viewStart, viewEnd) in `columns` columns: frame t_k shows from t_k until the next
 * frame (the last until the loop's end), and a column is ready only when every frame shown within it is cached.
 */
export function readyColumns(
  frames: readonly number[],
  loopEnd: number,
  cached: (t: number) => boolean,
  view: { start: number; end: number },
  columns: number,
): string {
  const out: ReadyColumn[] = new Array(columns).fill('-');
  if (frames.length === 0 || columns <= 0 || view.end <= view.start) return out.join('');
  const width = (view.end - view.start) / columns;
  const ready = new Array<boolean | undefined>(columns);
  for (let k = 0; k < frames.length; k++) {
    const from = frames[k]!;
    const to = k + 1 < frames.length ? frames[k + 1]! : loopEnd;
    if (to <= view.start || from >= view.end) continue;
    const first = Math.max(0, Math.floor((from - view.start) / width));
    // A frame shown until exactly a column's left edge is not in that column.
    const last = Math.min(columns - 1, Math.ceil((Math.max(to, from + 1e-12) - view.start) / width) - 1);
    const has = cached(from);
    for (let c = first; c <= last; c++) ready[c] = (ready[c] ?? true) && has;
  }
  for (let c = 0; c < columns; c++) if (ready[c] !== undefined) out[c] = ready[c] ? '1' : '0';
  return out.join('');
}

/** The next `count` playback times after `t` (not including t). */
export function playbackSequence(t: number, count: number, o: PlaybackSteps): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    t = nextPlaybackTime(t, o);
    times.push(t);
  }
  return times;
}

/** Displayed frames in one pass of the loop. */
export function framesPerLoop(o: PlaybackSteps): number {
  return Math.max(
    1,
    Math.ceil((o.loopEnd - o.loopStart) / Math.abs(framesPerTick(o.trainingFps, o.speed, o.playbackFps))),
  );
}
