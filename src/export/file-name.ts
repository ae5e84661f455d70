/** File names that say what is in the file: model, content, motion seed, time. */
export interface FileNameParts {
  modelId: string;
  /** A content seed, or projected content ("Animate a picture") named by a short digest of its ws. */
  content: { seed: number } | { pictureDigest: string };
  motionSeed: number;
  /** Motion fitted to a clip ("Animate a video"), named by a short digest of its rows instead of the seed. */
  motionDigest?: string;
  /** t in training frames. */
  t: number;
  /** 'grid' adds the grid size. */
  kind?: 'video' | 'grid';
  gridSize?: number;
  /** Frames scaled up for export: 2 or 4 adds "_2x"/"_4x" (1, or left out, adds nothing). */
  scale?: number;
}

const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');

/**
 * "sky64_c1_m2_t12.5", or "sky64_picture-1a2b3c4d_m2_t12.5" for projected content, "…_motion-5e6f7a8b_…"
 * for fitted motion (t with at most 3 decimals); characters unsafe in file names become "-".
 */
export function fileStem(parts: FileNameParts): string {
  const model = safe(parts.modelId) || 'model';
  const t = String(Math.round(parts.t * 1000) / 1000);
  const grid = parts.kind === 'grid' ? `_grid${parts.gridSize ?? 1}x${parts.gridSize ?? 1}` : '';
  const content = 'seed' in parts.content ? `c${parts.content.seed}` : `picture-${safe(parts.content.pictureDigest)}`;
  const scale = parts.scale !== undefined && parts.scale !== 1 ? `_${parts.scale}x` : '';
  const motion = parts.motionDigest !== undefined ? `motion-${safe(parts.motionDigest)}` : `m${parts.motionSeed}`;
  return `${model}${grid}_${content}_${motion}_t${t}${scale}`;
}

export function frameFileName(parts: FileNameParts): string {
  return `${fileStem(parts)}.png`;
}

/** "sky64_c1_m2_t10-2s-30fps.mp4" */
export function clipFileName(parts: FileNameParts, durationSeconds: number, fps: number, extension: string): string {
  const round = (x: number) => String(Math.round(x * 1000) / 1000);
  return `${fileStem(parts)}-${round(durationSeconds)}s-${round(fps)}fps${extension}`;
}
