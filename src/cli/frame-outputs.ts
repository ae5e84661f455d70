import { frameToChw, frameToRgbBytes } from '../engine/plain';
import { type FrameWriter, mp4Writer } from './mp4-writer';
import { checkOutputFile, checkOutputPattern, withOutputs } from './outputs';
import { encodePngRgb } from './png';
import type { RenderPool } from './render-pool';

/**
 * Where `render` and `render-project` write frames: raw float32 NCHW (`--out`), PNGs (`--png`, %d = index)
 * and, for render-project, an H.264 MP4 at `fps` (`--mp4`) with the clip's sound when there is one.
 */
export interface FrameTargets {
  out?: string;
  png?: string;
  mp4?: { path: string; fps: number; soundWav?: string };
}

/** Checks, before anything renders, that the targets' folders exist and are writable. */
export async function checkFrameTargets(targets: FrameTargets, count: number): Promise<void> {
  if (targets.out) await checkOutputFile(targets.out, '--out');
  if (targets.mp4) await checkOutputFile(targets.mp4.path, '--mp4');
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
  const { out: outPath, png, mp4 } = targets;
  await withOutputs(command, [outPath, png, mp4?.path].filter(Boolean).join(' and '), async (outputs) => {
    const out = outPath ? await outputs.open(outPath) : null;
    const video = mp4
      ? inOrder(
          items,
          mp4Writer({ fps: mp4.fps, temp: outputs.stagedPath(mp4.path), target: mp4.path, soundWav: mp4.soundWav }),
        )
      : null;
    await pool.render(items, async ({ index, nhwc, height, width }) => {
      await video?.frame(index, nhwc, height, width);
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
    await video?.finish();
  });
  return shape;
}

/**
 * A writer that takes frames in any order (the pool's threads finish out of turn) and passes them on in the
 * order of `items`; only frames that came early wait, so memory stays bounded by the pool's lead.
 */
function inOrder(items: readonly number[], writer: FrameWriter): FrameWriter {
  const waiting = new Map<number, [Float32Array, number, number]>();
  let next = 0;
  return {
    async frame(index, nhwc, height, width) {
      waiting.set(index, [nhwc, height, width]);
      for (let frame = waiting.get(items[next]!); frame; frame = waiting.get(items[next]!)) {
        waiting.delete(items[next]!);
        await writer.frame(next, ...frame);
        next++;
      }
    },
    finish: () => writer.finish(),
  };
}

/** The summary lines of a finished render. */
export function frameSummary(targets: FrameTargets, count: number, [height, width]: [number, number], threads: number) {
  const lines: string[] = [];
  if (targets.out)
    lines.push(
      `wrote ${count} frames [${count}, 3, ${height}, ${width}] float32 NCHW to ${targets.out} (${threads} worker${threads === 1 ? '' : 's'})`,
    );
  if (targets.png) lines.push(`wrote ${count} PNG frames to ${targets.png}`);
  if (targets.mp4)
    lines.push(
      `wrote ${count} frames as H.264 at ${targets.mp4.fps} fps${targets.mp4.soundWav ? ' with AAC sound' : ''} to ${targets.mp4.path}`,
    );
  return lines;
}
