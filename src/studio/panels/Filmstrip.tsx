import { useCallback, useRef } from 'react';
import { seek } from '../state/actions';
import { useStudio } from '../state/store';
import { filmstripTimes } from '../state/timeline';
import { thumbnailName } from './cell-names';
import './cells.css';

const FILMSTRIP_SIZE = 8;

/** Thumbnails across the loop range, each a button that seeks to its t. Re-rendered on every edit. */
export function Filmstrip() {
  const canvases = useRef<HTMLCanvasElement[]>([]);
  const update = useStudio((s) => s.update);
  const resolution = useStudio((s) => s.model?.resolution ?? 64);
  const loopStart = useStudio((s) => s.loopStart);
  const loopEnd = useStudio((s) => s.loopEnd);
  const times = filmstripTimes(loopStart, loopEnd, FILMSTRIP_SIZE);
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
      {times.map((t, i) => (
        <button key={i} type="button" className="thumb" aria-label={thumbnailName(t)} onClick={() => seek(t)}>
          <canvas ref={register(i)} aria-label={`Thumbnail ${i + 1}`} width={resolution} height={resolution} />
        </button>
      ))}
    </div>
  );
}
