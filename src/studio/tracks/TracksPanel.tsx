import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import { speedCurve } from '../../authoring';
import { useLimits } from '../hooks/use-limits';
import { beginGesture, endGesture } from '../state/history';
import { useStudio } from '../state/store';
import { clampView, type TimelineView } from '../state/timeline-view';
import {
  addKeyframe,
  copyKeyframe,
  deleteKeyframe,
  moveKeyframe,
  selectKeyframe,
  setActiveTrack,
} from '../state/track-actions';
import {
  type AnyKey,
  directionTrack,
  hasTracks,
  type StudioTracks,
  type TrackId,
  trackKeys,
  trackLabel,
} from '../state/tracks';
import { VALUES } from '../state/values';
import { KeyInspector } from './KeyInspector';
import { ProjectFiles } from './ProjectFiles';
import './tracks.css';

/** Half a keyframe's width: the lanes' times run between the keyframes' centres, as the Time slider's do. */
const INSET = 7;

/** A keyframe's accessible name: "Time keyframe at 2.00 s". */
export function keyName(id: TrackId, at: number): string {
  return `${trackLabel(id)} keyframe at ${at.toFixed(2)} s`;
}

/** What a keyframe holds, for its tooltip. */
function keyText(key: AnyKey): string {
  if ('t' in key) return `t ${key.t}`;
  if ('value' in key) return key.value.toFixed(2);
  return 'seed' in key ? `seed ${key.seed}` : 'picture';
}

/**
 * The keyframe tracks under the transport (issue 21), zoomed and scrolled with the timeline's view: Time
 * (with its speed graph), Content, Truncation ψ, and a row for each direction that has keyframes. The
 * project's files (Save / Open project) are on the panel's title row, folded or not.
 */
export function TracksPanel() {
  const tracks = useStudio((s) => s.tracks);
  const sigmas = useStudio((s) => s.directionSigmas);
  const [extra, setExtra] = useState<number[]>([]);
  const withKeys = tracks.directions.flatMap((keys, i) => (keys.length > 0 || extra.includes(i) ? [i] : []));
  const free = sigmas.map((_, i) => i).filter((i) => !withKeys.includes(i));
  const rows: TrackId[] = ['time', 'content', 'psi', ...withKeys.map(directionTrack)];
  // Folded until opened (the video keeps the stage), open by itself once there are keyframes.
  const authored = hasTracks(tracks);
  const [unfolded, setUnfolded] = useState<boolean | null>(null);
  const open = unfolded ?? authored;
  return (
    // "Save project" / "Open project" sit on the summary's row, outside the details: reachable folded too.
    <div className="tracks-panel">
      <details
        className="tracks"
        aria-label="Tracks"
        open={open}
        onToggle={(e) => {
          const now = e.currentTarget.open;
          if (now !== open) setUnfolded(now);
        }}
      >
        <summary>
          Keyframes
          {authored && <span className="tracks-count"> · {keyCount(tracks)} keyframes</span>}
        </summary>
        {free.length > 0 && (
          <div className="tracks-head">
            <label className="add-direction">
              <span>Direction track</span>
              <select
                aria-label="Add a direction track"
                value=""
                onChange={(e) => {
                  const i = Number(e.target.value);
                  if (Number.isInteger(i)) setExtra((x) => [...x, i]);
                }}
              >
                <option value="">Add…</option>
                {free.map((i) => (
                  <option key={i} value={i}>
                    Direction {i + 1}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        <div className="track-rows">
          {rows.map((id) => (
            <TrackRow key={id} id={id} />
          ))}
        </div>
        <KeyInspector />
      </details>
      <ProjectFiles />
    </div>
  );
}

function keyCount(tracks: StudioTracks): number {
  return tracks.time.length + tracks.content.length + tracks.psi.length + tracks.directions.flat().length;
}

function TrackRow({ id }: { id: TrackId }) {
  const limits = useLimits();
  const keys = useStudio((s) => trackKeys(s.tracks, id));
  const t = useStudio((s) => s.t);
  const stored = useStudio((s) => s.timelineView);
  const selected = useStudio((s) => (s.selectedKey?.track === id ? s.selectedKey.at : null));
  const active = useStudio((s) => (s.selectedKey?.track ?? s.activeTrack) === id);
  const clipEnd = VALUES.t.max(limits);
  const view = clampView(stored, clipEnd);
  const fps = limits.trainingFps;
  const lane = useRef<HTMLDivElement>(null);
  const position = (frames: number) =>
    `calc(${INSET}px + (100% - ${2 * INSET}px) * ${(frames - view.start) / view.span})`;
  const inView = (frames: number) => frames >= view.start - 1e-9 && frames <= view.start + view.span + 1e-9;
  const secondsAt = (clientX: number) => {
    const box = lane.current!.getBoundingClientRect();
    const u = (clientX - box.left - INSET) / Math.max(1, box.width - 2 * INSET);
    return (view.start + Math.min(1, Math.max(0, u)) * view.span) / fps;
  };
  const label = trackLabel(id);
  // A drag is the lane's: the keyframe's element is keyed by its time, so it is replaced as the drag moves it.
  const dragging = useRef<number | null>(null);
  const startDrag = (at: number, event: PointerEvent<HTMLElement>) => {
    event.preventDefault();
    lane.current?.setPointerCapture(event.pointerId);
    selectKeyframe(id, at);
    dragging.current = at;
    // The whole drag is one undo step.
    beginGesture();
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (dragging.current === null || !event.currentTarget.hasPointerCapture(event.pointerId)) return;
    dragging.current = moveKeyframe(id, dragging.current, secondsAt(event.clientX), true);
  };
  const endDrag = () => {
    if (dragging.current === null) return;
    dragging.current = null;
    endGesture();
  };
  return (
    <div className={`track-row${active ? ' active' : ''}`} data-track={id}>
      <button
        type="button"
        className="track-name"
        aria-pressed={active}
        title={`${label}: A adds a keyframe here at the playhead`}
        onClick={() => setActiveTrack(id)}
      >
        {label}
      </button>
      <div
        className="key-lane"
        ref={lane}
        data-testid={`lane-${id}`}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
      >
        {id === 'time' && <SpeedGraph view={view} fps={fps} clipSeconds={limits.clipSeconds} />}
        {inView(t) && <div className="lane-playhead" style={{ left: position(t) }} aria-hidden="true" />}
        {keys.map((key) =>
          inView(key.at * fps) ? (
            <Keyframe
              key={key.at}
              id={id}
              keyframe={key}
              selected={selected === key.at}
              left={position(key.at * fps)}
              fps={fps}
              onDragStart={startDrag}
            />
          ) : null,
        )}
      </div>
      <button type="button" className="add-key" aria-label={`Add ${label} keyframe`} onClick={() => addKeyframe(id)}>
        +◆
      </button>
    </div>
  );
}

interface KeyProps {
  id: TrackId;
  keyframe: AnyKey;
  selected: boolean;
  left: string;
  fps: number;
  onDragStart: (at: number, event: PointerEvent<HTMLElement>) => void;
}

/** One keyframe: select it (click), drag it along its row, ←/→ move it, Delete removes it, Ctrl+C copies it. */
function Keyframe({ id, keyframe, selected, left, fps, onDragStart }: KeyProps) {
  const at = keyframe.at;
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = event.shiftKey ? 1 : 1 / fps;
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      moveKeyframe(id, at, at + (event.key === 'ArrowLeft' ? -step : step));
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      deleteKeyframe(id, at);
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'c') {
      copyKeyframe(id, at);
    } else return;
    // The keyframe's keys, not the timeline's (← and → would move the playhead).
    event.preventDefault();
    event.stopPropagation();
  };
  const ease = keyframe.ease ?? 'linear';
  return (
    <button
      type="button"
      className={`keyframe ease-${ease}${selected ? ' selected' : ''}`}
      data-keyframe={id}
      data-at={at}
      aria-label={keyName(id, at)}
      aria-pressed={selected}
      title={`${keyName(id, at)}: ${keyText(keyframe)}, ${ease}`}
      style={{ left }}
      onPointerDown={(event) => onDragStart(at, event)}
      onFocus={() => selectKeyframe(id, at)}
      onKeyDown={onKeyDown}
    />
  );
}

/** dt/dτ over the view: the Time track's speed graph (the dashed line is normal speed, the solid one 0). */
function SpeedGraph({ view, fps, clipSeconds }: { view: TimelineView; fps: number; clipSeconds: number }) {
  const time = useStudio((s) => s.tracks.time);
  const [width, setWidth] = useState(300);
  const box = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(1, element.clientWidth)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  if (time.length === 0) return null;
  const samples = Math.min(2000, Math.max(50, Math.round((width * clipSeconds * fps) / Math.max(1, view.span) / 2)));
  const curve = speedCurve(time, clipSeconds, fps, samples);
  const top = Math.max(fps * 1.25, ...curve.map((p) => Math.abs(p.speed)));
  const x = (tau: number) => (tau * fps - view.start) / view.span;
  const y = (speed: number) => 0.5 - (speed / top) * 0.45;
  const points = curve.map((p) => `${x(p.tau).toFixed(5)},${y(p.speed).toFixed(4)}`).join(' ');
  return (
    <svg
      ref={box}
      className="speed-graph"
      viewBox="0 0 1 1"
      preserveAspectRatio="none"
      data-testid="speed-graph"
      aria-hidden="true"
    >
      <line x1="0" x2="1" y1={y(fps)} y2={y(fps)} className="normal" />
      <line x1="0" x2="1" y1={y(0)} y2={y(0)} className="zero" />
      <polyline points={points} />
    </svg>
  );
}
