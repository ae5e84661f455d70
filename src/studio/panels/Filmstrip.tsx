import { useCallback, useRef } from 'react';
import { seek } from '../state/actions';
import { useStudio } from '../state/store';

const FILMSTRIP_SIZE = 8;

/** Thumbnails across the loop range; clicking one jumps there. Re-rendered on every edit. */
export function Filmstrip() {
  const canvases = useRef<HTMLCanvasElement[]>([]);
  const update = useStudio((s) => s.update);
  const resolution = useStudio((s) => s.model?.resolution ?? 64);
  const register = useCallback(
    (index: number) => (canvas: HTMLCanvasElement | null) => {
      if (canvas) canvases.current[index] = canvas;
      if (canvases.current.filter(Boolean).length === FILMSTRIP_SIZE)
        update({ thumbnailCanvases: [...canvases.current] });
    },
    [update],
  );
  return (
    <div className="filmstrip" data-testid="filmstrip">
      {Array.from({ length: FILMSTRIP_SIZE }, (_, i) => (
        <canvas
          key={i}
          ref={register(i)}
          aria-label={`Thumbnail ${i + 1}`}
          width={resolution}
          height={resolution}
          onClick={(e) => seek(Number((e.target as HTMLCanvasElement).dataset.t ?? 0))}
        />
      ))}
    </div>
  );
}
