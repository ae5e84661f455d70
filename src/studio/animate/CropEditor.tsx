import { type KeyboardEvent, type PointerEvent, useEffect, useMemo, useRef } from 'react';
import type { DecodedImage } from '../../image-input';
import { type CropControls, cropAfterKey, cropFromControls, moveCrop, resizeCrop } from './crop-controls';

/** What the crop is drawn over: a decoded picture, or a frame of a clip. */
type CropImage = Pick<DecodedImage, 'width' | 'height' | 'rgba'>;

/** The picture shown at most this many pixels a side (large pictures are sampled down for the view only). */
const VIEW_MAX_SIDE = 1024;

/** The picture's pixels for the view: every pixel, or a nearest-neighbour sample when it is large. */
function viewPixels(image: CropImage): ImageData {
  const scale = Math.min(1, VIEW_MAX_SIDE / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(y / scale));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(x / scale));
      out.set(image.rgba.subarray((sy * image.width + sx) * 4, (sy * image.width + sx) * 4 + 4), (y * width + x) * 4);
    }
  }
  return new ImageData(out, width, height);
}

/**
 * The whole picture with its square crop drawn over it: drag the square to move it, its corner handle to
 * resize it; focused, the arrows move it (Shift: faster) and + / − resize it.
 */
export function CropEditor({
  image,
  crop,
  disabled,
  onChange,
  label = 'Picture',
}: {
  image: CropImage;
  /** The picture's accessible name. */
  label?: string;
  crop: CropControls;
  disabled: boolean;
  onChange: (crop: CropControls) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const pixels = useMemo(() => viewPixels(image), [image]);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    c.width = pixels.width;
    c.height = pixels.height;
    c.getContext('2d')?.putImageData(pixels, 0, 0);
  }, [pixels]);
  const rect = cropFromControls(image.width, image.height, crop);
  const drag = useRef<{ mode: 'move' | 'resize'; x: number; y: number; start: CropControls; scale: number } | null>(
    null,
  );

  const begin = (mode: 'move' | 'resize') => (event: PointerEvent<HTMLElement>) => {
    if (disabled || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    const shown = frame.current?.getBoundingClientRect();
    if (!shown || shown.width === 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    (event.currentTarget as HTMLElement).closest<HTMLElement>('.crop-rect')?.focus({ preventScroll: true });
    // Picture pixels per CSS pixel of the view.
    drag.current = { mode, x: event.clientX, y: event.clientY, start: crop, scale: image.width / shown.width };
  };
  const move = (event: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = (event.clientX - d.x) * d.scale;
    const dy = (event.clientY - d.y) * d.scale;
    onChange(
      d.mode === 'move'
        ? moveCrop(image.width, image.height, d.start, dx, dy)
        : resizeCrop(image.width, image.height, d.start, Math.max(dx, dy)),
    );
  };
  const end = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (disabled || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = cropAfterKey(image.width, image.height, crop, event.key, event.shiftKey);
    if (!next) return;
    event.preventDefault();
    event.stopPropagation();
    onChange(next);
  };
  const percent = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <div className="crop-editor">
      <div
        className="crop-frame"
        ref={frame}
        // Fitted in the square box: full width when landscape, narrower when portrait.
        style={{
          aspectRatio: `${image.width} / ${image.height}`,
          width: `${Math.min(1, image.width / image.height) * 100}%`,
        }}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
      >
        <canvas ref={canvas} aria-label={label} data-testid="crop-picture" />
        <div
          className="crop-rect"
          role="slider"
          tabIndex={disabled ? -1 : 0}
          aria-label="Crop rectangle"
          aria-roledescription="crop rectangle"
          aria-valuemin={0}
          aria-valuemax={Math.max(image.width, image.height)}
          aria-valuenow={rect.x}
          aria-valuetext={`${rect.size}×${rect.size} px at x ${rect.x}, y ${rect.y}; arrows move it, + and − resize it`}
          aria-disabled={disabled}
          data-testid="crop-rect"
          style={{
            left: percent(rect.x, image.width),
            top: percent(rect.y, image.height),
            width: percent(rect.size, image.width),
            height: percent(rect.size, image.height),
          }}
          onPointerDown={begin('move')}
          onPointerMove={move}
          onPointerUp={end}
          onPointerCancel={end}
          onKeyDown={onKeyDown}
        >
          <span
            className="crop-handle"
            aria-hidden="true"
            data-testid="crop-handle"
            onPointerDown={begin('resize')}
            onPointerMove={move}
            onPointerUp={end}
            onPointerCancel={end}
          />
        </div>
      </div>
    </div>
  );
}
