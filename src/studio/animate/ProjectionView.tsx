import { useEffect, useRef } from 'react';

/** Draws `image` on the canvas at its own size (crisp; CSS scales it), or clears the canvas for none. */
export function drawImage(c: HTMLCanvasElement | null, image: ImageData | null): void {
  const context = c?.getContext('2d');
  if (!c || !context) return;
  if (!image) {
    context.clearRect(0, 0, c.width, c.height);
    return;
  }
  c.width = image.width;
  c.height = image.height;
  context.putImageData(image, 0, 0);
}

/** One square image drawn crisp at a readable size. */
export function ImageCanvas({ image, label }: { image: ImageData | null; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => drawImage(canvas.current, image), [image]);
  return (
    <figure className="picture-figure">
      <canvas ref={canvas} aria-label={label} data-drawn={image ? 'yes' : 'no'} width={64} height={64} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function formatTimeLeft(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
