import { useCallback, useState } from 'react';
import { useStudio } from '../state/store';

export function Viewer() {
  const resolution = useStudio((s) => s.model?.resolution ?? 64);
  const showOriginal = useStudio((s) => s.showOriginal);
  const update = useStudio((s) => s.update);
  const [scale, setScale] = useState(4);
  const [pixelated, setPixelated] = useState(true);
  const attach = useCallback((canvas: HTMLCanvasElement | null) => update({ mainCanvas: canvas }), [update]);
  const size = Math.min(resolution * scale, 1024);
  return (
    <div className="viewer">
      <canvas
        ref={attach}
        aria-label="Video frame"
        width={resolution}
        height={resolution}
        style={{ width: size, height: size, imageRendering: pixelated ? 'pixelated' : 'auto' }}
      />
      <div className="viewer-options">
        <label>
          <span>Zoom</span>
          <select aria-label="Zoom" value={scale} onChange={(e) => setScale(Number(e.target.value))}>
            {[1, 2, 3, 4, 6, 8].map((z) => (
              <option key={z} value={z}>
                {z}×
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={pixelated} onChange={(e) => setPixelated(e.target.checked)} /> Sharp pixels
        </label>
        <label className="check">
          <input
            type="checkbox"
            aria-label="Show original (before edits)"
            checked={showOriginal}
            onChange={(e) => update({ showOriginal: e.target.checked })}
          />{' '}
          Before edits
        </label>
      </div>
    </div>
  );
}
