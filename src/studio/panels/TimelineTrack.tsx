import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import { markerMove } from '../hooks/keymap';
import { useLimits } from '../hooks/use-limits';
import { SoundWaveform } from '../sound/SoundWaveform';
import { moveMarker, seek, setLoop, setTimelineView, zoomTimeline } from '../state/actions';
import { beginGesture, endGesture } from '../state/history';
import { useStudio } from '../state/store';
import { formatTime, timeValueText } from '../state/time-format';
import { clampView, followView, rulerTicks, ZOOM_STEP } from '../state/timeline-view';
import { VALUES } from '../state/values';
import { ReadyStrip } from './ReadyStrip';

/** Half the Time slider's thumb (studio.css `--thumb`): the track's times run between the thumb's centres. */
const INSET = 7;

/**
 * The timeline's track: a ruler in the unit shown, the in and out markers (the loop; drag them, or focus one
 * and move it with the arrow keys: a slider named "In marker" / "Out marker"), the Time
 * slider over the part of the clip in view, and the readiness strip. The wheel zooms around the pointer
 * (Shift or a sideways wheel scrolls); the view follows the playhead.
 */
export function TimelineTrack() {
  const limits = useLimits();
  const t = useStudio((s) => s.t);
  const unit = useStudio((s) => s.timeUnit);
  const loopStart = useStudio((s) => s.loopStart);
  const loopEnd = useStudio((s) => s.loopEnd);
  const stored = useStudio((s) => s.timelineView);
  const clipEnd = VALUES.t.max(limits);
  const view = clampView(stored, clipEnd);
  const lane = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);

  useEffect(() => {
    const element = lane.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(1, element.clientWidth - 2 * INSET)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The view scrolls to keep the playhead inside.
  useEffect(() => {
    const s = useStudio.getState();
    const next = followView(s.timelineView, t, clipEnd);
    const now = clampView(s.timelineView, clipEnd);
    if (next.start !== now.start || next.span !== now.span) setTimelineView(next);
  }, [t, clipEnd]);

  const timeAt = (clientX: number) => {
    const box = lane.current!.getBoundingClientRect();
    const at = (clientX - box.left - INSET) / Math.max(1, box.width - 2 * INSET);
    return view.start + Math.min(1, Math.max(0, at)) * view.span;
  };

  // The wheel zooms (around the time under the pointer); it must not scroll the page meanwhile.
  const viewRef = useRef(view);
  viewRef.current = view;
  useEffect(() => {
    const element = lane.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const v = viewRef.current;
      const sideways = event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY);
      if (sideways) {
        const delta = event.shiftKey ? event.deltaY || event.deltaX : event.deltaX;
        const px = Math.max(1, element.clientWidth - 2 * INSET);
        setTimelineView({ start: v.start + (delta / px) * v.span, span: v.span });
      } else if (event.deltaY !== 0) {
        zoomTimeline(event.deltaY < 0 ? 1 / ZOOM_STEP : ZOOM_STEP, timeAt(event.clientX));
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  });

  const position = (time: number) => `calc(${INSET}px + (100% - ${2 * INSET}px) * ${(time - view.start) / view.span})`;
  const inView = (time: number) => time >= view.start - 1e-9 && time <= view.start + view.span + 1e-9;
  const ticks = rulerTicks(view, width, unit, limits.trainingFps);

  const drag = (which: 'in' | 'out') => ({
    onPointerDown: (event: PointerEvent<HTMLDivElement>) => {
      event.preventDefault();
      // No text selection, but the marker takes the focus (its keys then move it).
      event.currentTarget.focus({ preventScroll: true });
      event.currentTarget.setPointerCapture(event.pointerId);
      // The whole drag is one undo step.
      beginGesture();
    },
    onPointerMove: (event: PointerEvent<HTMLDivElement>) => {
      if (!event.currentTarget.hasPointerCapture(event.pointerId)) return;
      const at = timeAt(event.clientX);
      setLoop(which === 'in' ? { start: at } : { end: at });
    },
    onPointerUp: () => endGesture(),
    onPointerCancel: () => endGesture(),
  });

  /** A marker as a slider: its value is its time (training frames), read out in the unit shown. */
  const slider = (which: 'in' | 'out') => {
    const spec = VALUES[which === 'in' ? 'loopStart' : 'loopEnd'];
    const at = which === 'in' ? loopStart : loopEnd;
    return {
      role: 'slider',
      tabIndex: 0,
      'aria-label': which === 'in' ? 'In marker' : 'Out marker',
      'aria-orientation': 'horizontal' as const,
      'aria-valuemin': spec.min(limits),
      'aria-valuemax': spec.max(limits),
      'aria-valuenow': at,
      'aria-valuetext': timeValueText(spec, at, unit, limits),
      onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => {
        const move = markerMove(event, limits.trainingFps);
        if (!move) return;
        event.preventDefault();
        moveMarker(which, move);
      },
      ...drag(which),
    };
  };

  return (
    <div className="track">
      <div className="track-lane" ref={lane} data-testid="timeline-track">
        {/* A click on the ruler seeks there (the slider and the keys do the same for the keyboard). */}
        <div
          className="ruler"
          data-testid="ruler"
          aria-hidden="true"
          onPointerDown={(event) => seek(timeAt(event.clientX))}
        >
          {ticks.map((tick) => {
            // Near the right end a label would not fit: the tick is drawn without one.
            const nearEnd = (tick.t - view.start) / view.span > 0.94;
            return (
              <span key={tick.t} className="tick" data-t={tick.t} style={{ left: position(tick.t) }}>
                {nearEnd ? '' : tick.label}
              </span>
            );
          })}
        </div>
        <div className="markers">
          <div
            className="loop-band"
            aria-hidden="true"
            style={{
              left: position(Math.max(view.start, loopStart)),
              width: `calc((100% - ${2 * INSET}px) * ${
                Math.max(0, Math.min(loopEnd, view.start + view.span) - Math.max(loopStart, view.start)) / view.span
              })`,
            }}
          />
          {inView(loopStart) && (
            <div
              className="marker in"
              data-testid="in-marker"
              title={`In ${formatTime(loopStart, unit, limits.trainingFps)} (I sets it at the playhead; drag it, or ←/→)`}
              style={{ left: position(loopStart) }}
              {...slider('in')}
            />
          )}
          {inView(loopEnd) && (
            <div
              className="marker out"
              data-testid="out-marker"
              title={`Out ${formatTime(loopEnd, unit, limits.trainingFps)} (O sets it at the playhead; drag it, or ←/→)`}
              style={{ left: position(loopEnd) }}
              {...slider('out')}
            />
          )}
        </div>
        <input
          className="time"
          type="range"
          aria-label="Time"
          data-keys="transport"
          min={view.start}
          max={view.start + view.span}
          step="any"
          value={Math.min(view.start + view.span, Math.max(view.start, t))}
          aria-valuetext={VALUES.t.display(t, limits)}
          onChange={(e) => seek(Number(e.target.value))}
        />
        <ReadyStrip />
        <SoundWaveform view={view} inset={INSET} />
      </div>
      <div className="zoom-buttons">
        <button
          type="button"
          aria-label="Zoom out"
          title="Zoom the timeline out (−)"
          onClick={() => zoomTimeline(ZOOM_STEP)}
        >
          −
        </button>
        <button
          type="button"
          aria-label="Zoom in"
          title="Zoom the timeline in (+)"
          onClick={() => zoomTimeline(1 / ZOOM_STEP)}
        >
          +
        </button>
      </div>
    </div>
  );
}
