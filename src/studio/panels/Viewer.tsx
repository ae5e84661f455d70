import { useCallback, useEffect, useRef, useState } from 'react';
import { toggleFullscreen } from '../hooks/fullscreen';
import { setShowOriginal, setZoom } from '../state/actions';
import { useStudio } from '../state/store';
import { ZOOMS } from '../state/values';

/**
 * The frame's size on screen: "Fit" (zoom 0) fills the box, aspect kept (the models' frames are square);
 * "whole pixels" rounds a fit down to a whole multiple of the resolution; a factor is at most the box.
 */
export function frameSize(resolution: number, zoom: number, box: { width: number; height: number }, whole: boolean) {
  const fit = Math.max(1, Math.floor(Math.min(box.width, box.height)));
  if (zoom > 0) return Math.min(resolution * zoom, fit);
  if (whole && fit >= resolution) return Math.floor(fit / resolution) * resolution;
  return fit;
}

export function Viewer() {
  const resolution = useStudio((s) => s.model?.resolution ?? 64);
  const showOriginal = useStudio((s) => s.showOriginal);
  const update = useStudio((s) => s.update);
  const zoom = useStudio((s) => s.zoom);
  const [pixelated, setPixelated] = useState(true);
  const [wholePixels, setWholePixels] = useState(false);
  const [box, setBox] = useState({ width: 0, height: 0 });
  const [fullscreen, setFullscreen] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const attach = useCallback((canvas: HTMLCanvasElement | null) => update({ mainCanvas: canvas }), [update]);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setBox({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    const onFullscreen = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      observer.disconnect();
      document.removeEventListener('fullscreenchange', onFullscreen);
    };
  }, []);

  const size = frameSize(resolution, zoom, box, wholePixels);
  return (
    <div className="viewer" data-fullscreen>
      <div className="viewer-frame" ref={frame}>
        <canvas
          ref={attach}
          aria-label="Video frame"
          width={resolution}
          height={resolution}
          style={{ width: size, height: size, imageRendering: pixelated ? 'pixelated' : 'auto' }}
        />
      </div>
      <div className="viewer-options">
        <label>
          <span>Zoom</span>
          <select aria-label="Zoom" value={zoom} onChange={(e) => setZoom(Number(e.target.value))}>
            {ZOOMS.map((z) => (
              <option key={z} value={z}>
                {z === 0 ? 'Fit' : `${z}×`}
              </option>
            ))}
          </select>
        </label>
        {zoom === 0 && (
          <label className="check" title="Fit at a whole multiple of the model's resolution">
            <input type="checkbox" checked={wholePixels} onChange={(e) => setWholePixels(e.target.checked)} /> Whole
            pixels
          </label>
        )}
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
        <button type="button" onClick={toggleFullscreen} title="Fullscreen (F)">
          {fullscreen ? 'Exit fullscreen' : 'Fullscreen'}
        </button>
      </div>
    </div>
  );
}
