import { useCallback, useRef } from 'react';
import { openGridCell, setGridSize } from '../state/actions';
import { useStudio } from '../state/store';
import { limitsOf, VALUES } from '../state/values';
import { cellContentName, cellMotionName, gridCellName } from './cell-names';
import './cells.css';

/**
 * The paper's decomposition figure: rows share motion, columns share content, all playing in sync. Each cell
 * is a button: a click (or Enter) opens its content × motion pair in the Video view.
 */
export function Grid() {
  const n = useStudio((s) => s.gridSize);
  const contentSeed = useStudio((s) => s.contentSeed);
  const projected = useStudio((s) => s.contentWs !== null);
  // With projected content, column 0 is the picture (see cellVideo).
  const contentName = (col: number) => cellContentName(contentSeed, projected, col);
  const motionSeed = useStudio((s) => s.motionSeed);
  // With fitted motion, row 0 plays it (see cellVideo).
  const fittedMotion = useStudio((s) => s.motionZ !== null);
  const motionName = (row: number) => cellMotionName(motionSeed, fittedMotion, row);
  const resolution = useStudio((s) => s.model?.resolution ?? 64);
  const update = useStudio((s) => s.update);
  const limits = limitsOf(useStudio.getState());
  const sizes = Array.from(
    { length: VALUES.gridSize.max(limits) - VALUES.gridSize.min(limits) + 1 },
    (_, i) => VALUES.gridSize.min(limits) + i,
  );
  const canvases = useRef<HTMLCanvasElement[]>([]);
  const register = useCallback(
    (index: number) => (canvas: HTMLCanvasElement | null) => {
      if (canvas) canvases.current[index] = canvas;
      if (canvases.current.slice(0, n * n).filter(Boolean).length === n * n)
        update({ gridCanvases: canvases.current.slice(0, n * n) });
    },
    [n, update],
  );
  return (
    <div className="grid-view">
      <label className="field">
        <span>Grid size</span>
        <select aria-label="Grid size" value={n} onChange={(e) => setGridSize(Number(e.target.value))}>
          {sizes.map((k) => (
            <option key={k} value={k}>
              {k}×{k}
            </option>
          ))}
        </select>
      </label>
      <div className="grid" style={{ gridTemplateColumns: `auto repeat(${n}, 1fr)` }}>
        <span />
        {Array.from({ length: n }, (_, col) => (
          <span key={`c${col}`} className="axis">
            content {contentName(col)}
          </span>
        ))}
        {Array.from({ length: n }, (_, row) => [
          <span key={`r${row}`} className="axis">
            motion {motionName(row)}
          </span>,
          ...Array.from({ length: n }, (_, col) => (
            <button
              key={`${row}-${col}`}
              type="button"
              className="grid-cell"
              aria-label={gridCellName({ contentSeed, motionSeed, projected, fittedMotion }, row, col)}
              title="Open in the Video view"
              onClick={() => openGridCell(row, col)}
            >
              <canvas
                ref={register(row * n + col)}
                aria-label={`Grid video content ${contentName(col)} motion ${motionName(row)}`}
                width={resolution}
                height={resolution}
              />
            </button>
          )),
        ])}
      </div>
    </div>
  );
}
