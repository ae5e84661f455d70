import { useEffect, useRef } from 'react';

/** One square image drawn crisp at a readable size. */
export function ImageCanvas({ image, label }: { image: ImageData | null; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const context = c.getContext('2d');
    if (!context) return;
    if (!image) {
      context.clearRect(0, 0, c.width, c.height);
      return;
    }
    c.width = image.width;
    c.height = image.height;
    context.putImageData(image, 0, 0);
  }, [image]);
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
