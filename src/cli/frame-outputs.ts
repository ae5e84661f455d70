import { frameToChw, frameToRgbBytes } from '../engine/plain';
import { checkOutputFile, checkOutputPattern, withOutputs } from './outputs';
import { encodePngRgb } from './png';
import type { RenderPool } from './render-pool';

/** Where `render` and `render-project` write frames: raw float32 NCHW (`--out`) and/or PNGs (`--png`, %d = index). */
export interface FrameTargets {
  out?: string;
  png?: string;
}

/** Checks, before anything renders, that the targets' folders exist and are writable. */
export async function checkFrameTargets(targets: FrameTargets, count: number): Promise<void> {
  if (targets.out) await checkOutputFile(targets.out, '--out');
  if (targets.png)
    await checkOutputPattern(
      targets.png,
      Array.from({ length: count }, (_, i) => i),
      '--png',
    );
}

/**
 * Renders `items` over the pool into the targets: staged and moved into place only when every frame is
 * written, so a failure leaves nothing. Returns a frame's [height, width].
 */
export async function renderToTargets(
  command: string,
  pool: RenderPool,
  items: readonly number[],
  targets: FrameTargets,
): Promise<[number, number]> {
  let shape: [number, number] = [0, 0];
  const { out: outPath, png } = targets;
  await withOutputs(command, [outPath, png].filter(Boolean).join(' and '), async (outputs) => {
    const out = outPath ? await outputs.open(outPath) : null;
    await pool.render(items, async ({ index, nhwc, height, width }) => {
      shape = [height, width];
      if (out) {
        const chw = frameToChw(nhwc, height, width);
        await out.write(new Uint8Array(chw.buffer), 0, chw.byteLength, index * chw.byteLength);
      }
      if (png)
        await outputs.write(
          png.replace('%d', String(index)),
          encodePngRgb(frameToRgbBytes(nhwc, 0, height, width), width, height),
        );
    });
  });
  return shape;
}

/** The summary lines of a finished render. */
export function frameSummary(targets: FrameTargets, count: number, [height, width]: [number, number], threads: number) {
  const lines: string[] = [];
  if (targets.out)
    lines.push(
      `wrote ${count} frames [${count}, 3, ${height}, ${width}] float32 NCHW to ${targets.out} (${threads} worker${threads === 1 ? '' : 's'})`,
    );
  if (targets.png) lines.push(`wrote ${count} PNG frames to ${targets.png}`);
  return lines;
}
