import { useLimits } from '../hooks/use-limits';
import {
  seek,
  setClip,
  setLoop,
  setPlaybackFps,
  setSpeed,
  setTimeUnit,
  stepFrames,
  togglePlay,
} from '../state/actions';
import { beginGesture } from '../state/history';
import { useStudio } from '../state/store';
import { TIME_UNITS, type TimeUnit, unitLabel } from '../state/time-format';
import { VALUES } from '../state/values';
import { NumberField } from './NumberField';
import { TimelineTrack } from './TimelineTrack';

const commitLoopStart = (start: number) => setLoop({ start });
const commitLoopEnd = (end: number) => setLoop({ end });

const UNIT_NAMES: Record<TimeUnit, string> = { frames: 'Frames', timecode: 'Timecode (m:ss.xx)' };

/** The shuttle's state beside the play button: "◀◀ 2×" while J plays backwards at 2x. */
function shuttleText(playing: boolean, rate: number): string | null {
  if (!playing || rate === 0 || rate === 1) return null;
  return `${rate < 0 ? '◀◀' : '▶▶'} ${Math.abs(rate)}×`;
}

export function Timeline() {
  const s = useStudio();
  const limits = useLimits();
  const unit = s.timeUnit;
  const shown = unitLabel(unit);
  const shuttle = shuttleText(s.playing, s.shuttle);
  return (
    <section className="timeline" aria-label="Timeline">
      <div className="transport">
        <button type="button" aria-label="Previous frame" title="One frame back (←)" onClick={() => stepFrames(-1)}>
          ‹ 1
        </button>
        <button type="button" className="play" title="Play / pause (Space)" onClick={togglePlay}>
          {s.playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" aria-label="Next frame" title="One frame forward (→)" onClick={() => stepFrames(1)}>
          1 ›
        </button>
        <label className="check every-frame" title="Wait for every frame instead of keeping real time">
          <input
            type="checkbox"
            aria-label="Play every frame"
            checked={s.playEveryFrame}
            onChange={(e) => s.update({ playEveryFrame: e.target.checked })}
          />{' '}
          Every frame
        </label>
        {s.droppedFrames > 0 && (
          <span className="dropped" data-testid="dropped-frames" role="status">
            {s.droppedFrames} dropped
          </span>
        )}
        {shuttle && (
          <span className="shuttle" data-testid="shuttle" title="J backwards, L forwards, K pause">
            {shuttle}
          </span>
        )}
        <NumberField
          className="timecode"
          caption={`Timecode (${shown})`}
          name="t"
          label="Timecode"
          value={s.t}
          limits={limits}
          timeUnit={unit}
          onCommit={seek}
        />
      </div>
      <TimelineTrack />
      <div className="timeline-options">
        <NumberField
          caption="Playback FPS"
          name="playbackFps"
          label="Playback FPS"
          value={s.playbackFps}
          limits={limits}
          onCommit={setPlaybackFps}
        />
        <label>
          <span>Speed {VALUES.speed.display(s.speed, limits)}×</span>
          <input
            type="range"
            aria-label="Speed"
            min={VALUES.speed.min(limits)}
            max={VALUES.speed.max(limits)}
            step={VALUES.speed.step}
            value={s.speed}
            onPointerDown={beginGesture}
            onChange={(e) => setSpeed(Number(e.target.value))}
          />
        </label>
        <NumberField
          caption={`In (${shown})`}
          name="loopStart"
          label="In"
          value={s.loopStart}
          limits={limits}
          timeUnit={unit}
          onCommit={commitLoopStart}
        />
        <NumberField
          caption={`Out (${shown})`}
          name="loopEnd"
          label="Out"
          value={s.loopEnd}
          limits={limits}
          timeUnit={unit}
          onCommit={commitLoopEnd}
        />
        <NumberField
          caption={`Clip length (${shown})`}
          name="clipSeconds"
          label="Clip length"
          value={s.clipSeconds}
          limits={limits}
          timeUnit={unit}
          onCommit={setClip}
        />
        <label>
          <span>Time unit</span>
          <select aria-label="Time unit" value={unit} onChange={(e) => setTimeUnit(e.target.value as TimeUnit)}>
            {TIME_UNITS.map((u) => (
              <option key={u} value={u}>
                {UNIT_NAMES[u]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
