import { useEffect } from 'react';
import { useStudio } from '../state/store';
import { nextPlaybackTime, type PlaybackSteps, playbackStepsOf } from '../state/timeline';

/**
 * While playing, advances t by whole displayed frames at the playback FPS (scaled by speed). In real time
 * by default, counting the frames that were due but never on screen as dropped; with "play every frame" it
 * waits for each frame instead (slower than real time when frames are not ready); the count resets when
 * playback stops. Ticks come from a timer,
 * not requestAnimationFrame, so a busy compositor cannot hold time back.
 */
export function usePlayback(): void {
  const playing = useStudio((s) => s.playing);
  const playbackFps = useStudio((s) => s.playbackFps);
  const speed = useStudio((s) => s.speed);
  // The J/K/L shuttle: direction and rate on top of the stored speed.
  const shuttle = useStudio((s) => s.shuttle);
  useEffect(() => {
    if (!playing) return;
    useStudio.getState().update({ droppedFrames: 0 });
    const started = performance.now();
    const period = 1000 / playbackFps;
    let ticks = 0;
    let lastAdvance = started;
    let handle = 0;
    const steps = (): PlaybackSteps => {
      const s = useStudio.getState();
      return playbackStepsOf({ ...s, playing: true, shuttle, speed, playbackFps });
    };
    const tick = () => {
      const s = useStudio.getState();
      const now = performance.now();
      if (s.playEveryFrame) {
        if (s.shownT === s.t && now - lastAdvance >= period) {
          lastAdvance = now;
          s.update({ t: nextPlaybackTime(s.t, steps()) });
        }
      } else {
        const due = Math.floor(((now - started) / 1000) * playbackFps);
        if (due > ticks) {
          const dropped = due - ticks - 1 + (s.shownT === s.t ? 0 : 1);
          let t = s.t;
          const o = steps();
          for (; ticks < due; ticks++) t = nextPlaybackTime(t, o);
          s.update({ t, droppedFrames: s.droppedFrames + dropped });
        }
      }
      handle = window.setTimeout(tick, Math.min(period / 2, 8));
    };
    handle = window.setTimeout(tick, 0);
    return () => {
      clearTimeout(handle);
      // The dropped-frame counter is about this run of playback: it goes when playback stops (so does the shuttle).
      if (!useStudio.getState().playing) useStudio.getState().update({ droppedFrames: 0, shuttle: 0 });
    };
  }, [playing, playbackFps, speed, shuttle]);
}
