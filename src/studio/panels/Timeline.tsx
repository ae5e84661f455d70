import { useStudio } from '../state/store';
import { formatSeconds } from '../state/timeline';
import { ReadyStrip } from './ReadyStrip';

export function Timeline() {
  const s = useStudio();
  const fps = s.model?.trainingFps ?? 25;
  const maxT = s.clipSeconds * fps;
  const setT = (t: number) => s.update({ t: Math.min(maxT, Math.max(0, t)) });
  const setClip = (clipSeconds: number) => {
    const end = clipSeconds * fps;
    s.update({ clipSeconds, loopEnd: Math.min(Math.max(s.loopEnd, s.loopStart + 1), end), t: Math.min(s.t, end) });
  };
  return (
    <section className="timeline" aria-label="Timeline">
      <div className="transport">
        <button type="button" aria-label="Previous frame" title="One frame back" onClick={() => setT(s.t - 1)}>
          ‹ 1
        </button>
        <button type="button" className="play" onClick={() => s.update({ playing: !s.playing })}>
          {s.playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" aria-label="Next frame" title="One frame forward" onClick={() => setT(s.t + 1)}>
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
          t = {s.t.toFixed(2)} frames · {formatSeconds(s.t / fps)}
        </span>
      </div>
      <input
        className="time"
        type="range"
        aria-label="Time"
        min={0}
        max={maxT}
        step="any"
        value={s.t}
        onChange={(e) => setT(Number(e.target.value))}
      />
      <ReadyStrip />
      <div className="timeline-options">
        <label>
          <span>Playback FPS</span>
          <input
            type="number"
            aria-label="Playback FPS"
            min={1}
            max={240}
            step="any"
            value={s.playbackFps}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (v >= 1 && v <= 240) s.update({ playbackFps: v });
            }}
          />
        </label>
        <label>
          <span>Speed {s.speed.toFixed(2)}×</span>
          <input
            type="range"
            aria-label="Speed"
            min={0.1}
            max={4}
            step={0.05}
            value={s.speed}
            onChange={(e) => s.update({ speed: Number(e.target.value) })}
          />
        </label>
        <label>
          <span>Loop from (frames)</span>
          <input
            type="number"
            aria-label="Loop start"
            min={0}
            step="any"
            value={s.loopStart}
            onChange={(e) => s.update({ loopStart: Math.max(0, Math.min(Number(e.target.value), s.loopEnd - 0.01)) })}
          />
        </label>
        <label>
          <span>to</span>
          <input
            type="number"
            aria-label="Loop end"
            min={0}
            step="any"
            value={s.loopEnd}
            onChange={(e) =>
              s.update({ loopEnd: Math.min(maxT, Math.max(Number(e.target.value), s.loopStart + 0.01)) })
            }
          />
        </label>
        <label>
          <span>Clip length (s)</span>
          <input
            type="number"
            aria-label="Clip length"
            min={1}
            max={3600}
            step={1}
            value={s.clipSeconds}
            onChange={(e) => setClip(Math.min(3600, Math.max(1, Number(e.target.value))))}
          />
        </label>
      </div>
    </section>
  );
}
