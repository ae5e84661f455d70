import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { drawImage } from './ProjectionView';

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

/**
 * One frame of a looping clip, drawn crisp as the picture stage draws its target and reconstruction. It is
 * drawn in the same commit that changes its `data-frame` (a layout effect), so the two always agree.
 */
export function ClipLoop({ frames, frame, label }: { frames: ImageData[] | null; frame: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const image = frames?.[frame] ?? null;
  useLayoutEffect(() => drawImage(canvas.current, image), [image]);
  return (
    <figure className="picture-figure">
      <canvas
        ref={canvas}
        aria-label={label}
        data-drawn={image ? 'yes' : 'no'}
        data-frame={image ? frame : undefined}
        width={64}
        height={64}
      />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
