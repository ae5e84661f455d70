/**
 * Frames placed side by side (left to right, tops aligned) for an export that compares videos, e.g. the clip a
 * video was fitted to beside the video itself. Each panel keeps its own pixels; a shorter panel's rows below
 * it stay black.
 */
import type { FrameSource } from './mp4-export';

/** RGBA panels of the given sizes, left to right, as one width-sum x max-height RGBA image (black around). */
export function placeSideBySide(panels: ReadonlyArray<{ rgba: ArrayLike<number>; width: number; height: number }>): {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
} {
  const width = panels.reduce((sum, p) => sum + p.width, 0);
  const height = Math.max(0, ...panels.map((p) => p.height));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  let left = 0;
  for (const panel of panels) {
    const row = panel.width * 4;
    for (let y = 0; y < panel.height; y++) {
      const from = y * row;
      const to = (y * width + left) * 4;
      for (let i = 0; i < row; i++) rgba[to + i] = panel.rgba[from + i]!;
    }
    left += panel.width;
  }
  return { rgba, width, height };
}

/** One frame source whose frames are each source's frame at the same time, side by side. Needs ImageData. */
export function sideBySideSource(sources: readonly FrameSource[]): FrameSource {
  return {
    width: sources.reduce((sum, s) => sum + s.width, 0),
    height: Math.max(...sources.map((s) => s.height)),
    render: async (times) => {
      const frames = await Promise.all(sources.map((s) => s.render(times)));
      return times.map((_, i) => {
        const image = placeSideBySide(
          frames.map((f) => ({ rgba: f[i]!.data, width: f[i]!.width, height: f[i]!.height })),
        );
        return new ImageData(image.rgba, image.width, image.height);
      });
    },
    dispose: () => {
      for (const s of sources) s.dispose();
    },
  };
}
