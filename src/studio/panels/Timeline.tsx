import { useLimits } from '../hooks/use-limits';
import { seek, setClip, setLoop, setPlaybackFps, setSpeed, stepFrames, togglePlay } from '../state/actions';
import { beginGesture } from '../state/history';
import { useStudio } from '../state/store';
import { VALUES } from '../state/values';
import { NumberField } from './NumberField';
import { ReadyStrip } from './ReadyStrip';

const commitLoopStart = (start: number) => setLoop({ start });
const commitLoopEnd = (end: number) => setLoop({ end });

export function Timeline() {
  const s = useStudio();
  const limits = useLimits();
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
        <span className="time-readout" data-testid="time-readout">
          t = {VALUES.t.display(s.t, limits)}
        </span>
      </div>
      <input
        className="time"
        type="range"
        aria-label="Time"
        data-keys="transport"
        min={VALUES.t.min(limits)}
        max={VALUES.t.max(limits)}
        step="any"
        value={s.t}
        aria-valuetext={VALUES.t.display(s.t, limits)}
        onChange={(e) => seek(Number(e.target.value))}
      />
      <ReadyStrip />
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
          caption="Loop from (frames)"
          name="loopStart"
          label="Loop start"
          value={s.loopStart}
          limits={limits}
          onCommit={commitLoopStart}
        />
        <NumberField
          caption="to"
          name="loopEnd"
          label="Loop end"
          value={s.loopEnd}
          limits={limits}
          onCommit={commitLoopEnd}
        />
        <NumberField
          caption="Clip length (s)"
          name="clipSeconds"
          label="Clip length"
          value={s.clipSeconds}
          limits={limits}
          onCommit={setClip}
        />
      </div>
    </section>
  );
}
