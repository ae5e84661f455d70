import { useEffect, useState } from 'react';
import { ImageCanvas } from './ProjectionView';

/** The loops' pace: at most this many frames a second, whatever the clip's rate. */
const MAX_LOOP_FPS = 12;

/** Which frame of `count` the side-by-side loops show, stepping at the clip's pace (capped); 0 when paused. */
export function useLoopFrame(count: number, fps: number, playing: boolean): number {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    setFrame(0);
    if (!playing || count < 2) return;
    const every = 1000 / Math.min(MAX_LOOP_FPS, Math.max(1, fps));
    const timer = setInterval(() => setFrame((f) => (f + 1) % count), every);
    return () => clearInterval(timer);
  }, [count, fps, playing]);
  return Math.min(frame, Math.max(0, count - 1));
}

/** One frame of a looping clip, drawn as the picture stage draws its target and reconstruction. */
export function ClipLoop({ frames, frame, label }: { frames: ImageData[] | null; frame: number; label: string }) {
  return <ImageCanvas image={frames?.[frame] ?? null} label={label} />;
}
