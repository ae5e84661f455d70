import { useEffect } from 'react';
import { useStudio } from '../state/store';
import { playbackTime } from '../state/timeline';

/** While playing, advances t in real time: whole displayed frames at the playback FPS, scaled by speed. */
export function usePlayback(): void {
  const playing = useStudio((s) => s.playing);
  const playbackFps = useStudio((s) => s.playbackFps);
  const speed = useStudio((s) => s.speed);
  useEffect(() => {
    if (!playing) return;
    const state = useStudio.getState();
    const startT = state.t;
    const started = performance.now();
    let handle = 0;
    const tick = () => {
      const s = useStudio.getState();
      const t = playbackTime(startT, (performance.now() - started) / 1000, {
        trainingFps: s.model?.trainingFps ?? 25,
        speed,
        playbackFps,
        loopStart: s.loopStart,
        loopEnd: s.loopEnd,
      });
      if (t !== s.t) s.update({ t });
      handle = requestAnimationFrame(tick);
    };
    handle = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(handle);
  }, [playing, playbackFps, speed]);
}
