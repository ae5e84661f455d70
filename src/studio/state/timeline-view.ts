/**
 * The timeline's view: which stretch of the clip the track shows (zoom and scroll), and its ruler. A view is
 * in training frames; null is the whole clip. It is a view only: not in the link, not an undo step.
 */
import { formatTime, type TimeUnit } from './time-format';

export interface TimelineView {
  start: number;
  span: number;
}

/** The narrowest view, in training frames: single frames are then far apart on any track. */
export const MIN_VIEW_FRAMES = 8;
/** What one zoom step (a +/− key, a button, a wheel notch) multiplies the span by. */
export const ZOOM_STEP = 1.5;

/** The view within the clip: at least MIN_VIEW_FRAMES wide (or the clip), at most the clip. */
export function clampView(view: TimelineView | null, clipEnd: number): TimelineView {
  if (!view) return { start: 0, span: clipEnd };
  const span = Math.min(clipEnd, Math.max(Math.min(MIN_VIEW_FRAMES, clipEnd), view.span));
  const start = Math.min(Math.max(0, view.start), clipEnd - span);
  return { start, span };
}

/** Zoomed by `factor` (< 1 zooms in) with `anchor` (a time) kept where it is on the track. */
export function zoomView(view: TimelineView | null, factor: number, anchor: number, clipEnd: number): TimelineView {
  const v = clampView(view, clipEnd);
  const span = Math.min(clipEnd, Math.max(Math.min(MIN_VIEW_FRAMES, clipEnd), v.span * factor));
  const at = Math.min(1, Math.max(0, (anchor - v.start) / v.span));
  return clampView({ start: anchor - at * span, span }, clipEnd);
}

/** The view scrolled (by whole pages) so that t is inside it; unchanged when it already is. */
export function followView(view: TimelineView | null, t: number, clipEnd: number): TimelineView {
  const v = clampView(view, clipEnd);
  if (t >= v.start && t <= v.start + v.span) return v;
  const start = t < v.start ? t - v.span * 0.9 : t - v.span * 0.1;
  return clampView({ start, span: v.span }, clipEnd);
}

export interface Tick {
  t: number;
  label: string;
}

/** Tick spacings in training frames: whole frames, then (at this frame rate) seconds, minutes and hours. */
function spacings(unit: TimeUnit, fps: number): number[] {
  const decades = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7];
  if (unit === 'frames') return decades;
  const seconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000];
  return [1, 2, 5].filter((f) => f < fps).concat(seconds.map((s) => s * fps));
}

/**
 * The ruler's ticks over a view `width` px wide: the finest spacing whose labels are `minPx` apart, in the
 * unit shown (at most one tick per frame).
 */
export function rulerTicks(view: TimelineView, width: number, unit: TimeUnit, fps: number, minPx = 64): Tick[] {
  if (width <= 0 || view.span <= 0) return [];
  const perPx = view.span / width;
  const options = spacings(unit, fps);
  const spacing = options.find((s) => s / perPx >= minPx) ?? options[options.length - 1]!;
  const ticks: Tick[] = [];
  const end = view.start + view.span;
  for (let i = Math.ceil(view.start / spacing); i * spacing <= end + 1e-9; i++) {
    const t = i * spacing;
    ticks.push({ t, label: formatTime(t, unit, fps) });
    if (ticks.length > 1000) break;
  }
  return ticks;
}
