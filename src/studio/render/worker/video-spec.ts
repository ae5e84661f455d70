import { applyEdits, type Direction } from '../../../authoring';
import type { Generator, MotionSource } from '../../../engine';
import { classMeanW, wsIndicesForRange } from '../../../latent';
import { decodeWs } from '../shared/content-ws';
import type { VideoDescription } from '../shared/video-keys';

/**
 * A studio video's spec for this model: its ws (mapped, truncated, edited) and motion. `classMeans` caches
 * each class's mean w.
 */
export async function videoSpec(
  generator: Generator,
  d: VideoDescription,
  directions: readonly Direction[],
  classMeans: Map<number, Float32Array>,
): Promise<{ content: { ws: Float32Array }; classIndex?: number; motion: MotionSource }> {
  const ws = await contentWs(generator, d, directions, classMeans);
  return { content: { ws }, classIndex: d.classIndex ?? undefined, motion: motion(generator, d) };
}

/** The motion seed's, or fitted motion rows continued by the seed's (checked against this model's shape). */
function motion(generator: Generator, d: VideoDescription): MotionSource {
  if (!d.motionZ) return { seed: d.motionSeed };
  const zDim = generator.arch.motion.zDim;
  const rows = decodeWs(d.motionZ);
  if (!rows) throw new Error("the fitted motion's rows are damaged (not whole float32 values)");
  if (rows.length % zDim !== 0)
    throw new Error(
      `the fitted motion has ${rows.length} values, not whole rows of this model's ${zDim}: it was fitted with another model`,
    );
  return { motionZ: rows, length: rows.length / zDim, continueSeed: d.motionSeed };
}

/** ws: mapped, truncated (towards the class mean for conditional models), edited. */
async function contentWs(
  generator: Generator,
  d: VideoDescription,
  directions: readonly Direction[],
  classMeans: Map<number, Float32Array>,
): Promise<Float32Array> {
  const classIndex = d.classIndex ?? undefined;
  let center: Float32Array | undefined;
  if (classIndex !== undefined && d.psi !== 1) {
    center = classMeans.get(classIndex);
    if (!center) {
      center = await classMeanW(generator, classIndex);
      classMeans.set(classIndex, center);
    }
  }
  const mapWs = async (seed: number) => {
    const ws = generator.mapContent({ content: { seed }, classIndex, psi: d.psi, truncationCenter: center });
    const values = (await ws.data()) as Float32Array;
    ws.dispose();
    return values;
  };
  const base = d.contentWs === null ? await mapWs(d.contentSeed) : projectedWs(generator, d.contentWs);
  if (!d.edit) return base;
  const layers = new Map(generator.synthesis.layerWIndices());
  const numWs = generator.arch.numWs;
  const e = d.edit;
  const mix =
    e.mixSeed === null
      ? undefined
      : { ws: await mapWs(e.mixSeed), indices: wsIndicesForRange(e.mixRange, layers, numWs) };
  const ranges = e.editRanges.map((r) => wsIndicesForRange(r, layers, numWs));
  return applyEdits(base, generator.arch.wDim, directions, e.edits, ranges, mix);
}

/** Explicit ws of projected content, checked against this model's shape. */
function projectedWs(generator: Generator, text: string): Float32Array {
  const { numWs, wDim } = generator.arch;
  const ws = decodeWs(text);
  if (!ws) throw new Error("the projected picture's ws are damaged (not whole float32 values)");
  if (ws.length !== numWs * wDim)
    throw new Error(
      `the projected picture has ${ws.length} ws values; this model needs ${numWs} x ${wDim} = ${numWs * wDim}: it was projected with another model`,
    );
  return ws;
}
