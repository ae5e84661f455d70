import { useCallback, useState } from 'react';
import { setShowOriginal, setZoom } from '../state/actions';
import { useStudio } from '../state/store';
import { ZOOMS } from '../state/values';

export function Viewer() {
  const resolution = useStudio((s) => s.model?.resolution ?? 64);
  const showOriginal = useStudio((s) => s.showOriginal);
  const update = useStudio((s) => s.update);
  const scale = useStudio((s) => s.zoom);
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
          <select aria-label="Zoom" value={scale} onChange={(e) => setZoom(Number(e.target.value))}>
            {ZOOMS.map((z) => (
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
            onChange={(e) => setShowOriginal(e.target.checked)}
          />{' '}
          Before edits
        </label>
      </div>
    </div>
  );
}
