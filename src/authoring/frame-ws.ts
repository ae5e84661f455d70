/**
 * The ws of each frame of a project, from the rules: content keyframes blended with the eased s, a seed's
 * mapped w truncated with ψ(τ), then style mixing, then each direction's strength(τ) × σ × its vector on its
 * layers. Pure arithmetic over what the model gives (mapped w, the truncation centre, layer indices), so
 * the page's worker and the CLI's threads compute the same bits.
 */
import { applyEdits, type Direction } from './edits';
import { blend, trackPosition, valueAt } from './keyframes';
import type { ContentSource, LayerSpec, Project } from './project';

/** What the model tells the rules. */
export interface ModelFacts {
  numWs: number;
  wDim: number;
  /** Untruncated mapped w [wDim] of a content seed (with the project's class). */
  mappedW(seed: number): Float32Array;
  /** The centre truncation pulls towards [wDim]. */
  truncationCenter: Float32Array;
  /** The ws indices a layer range owns. */
  layerIndices(layers: LayerSpec): number[];
}

/**
 * ws [numWs * wDim] of w truncated with ψ, in float32 steps as the engine's mapping does them (center +
 * (w − center) × ψ), so they are the bits `render --seed --psi` uses; ψ = 1 leaves w as it is.
 */
export function truncatedWs(w: Float32Array, center: Float32Array, psi: number, numWs: number): Float32Array {
  const wDim = w.length;
  const row = new Float32Array(wDim);
  if (psi === 1) row.set(w);
  else {
    const p = Math.fround(psi);
    for (let j = 0; j < wDim; j++) row[j] = Math.fround(center[j]! + Math.fround(Math.fround(w[j]! - center[j]!) * p));
  }
  const ws = new Float32Array(numWs * wDim);
  for (let i = 0; i < numWs; i++) ws.set(row, i * wDim);
  return ws;
}

/** ψ at clip time τ (1 without a ψ track). */
export function psiAt(project: Project, tau: number): number {
  const psi = project.tracks.psi;
  return psi && psi.length > 0 ? valueAt(psi, tau, (k) => k.value) : 1;
}

/** The principal directions of a project as unit vectors with σ. */
export function projectDirections(project: Project): Direction[] {
  const d = project.directions;
  if (!d) return [];
  const wDim = d.vectors.shape[1]!;
  return Array.from({ length: d.vectors.shape[0]! }, (_, i) => ({
    vector: d.vectors.data.subarray(i * wDim, (i + 1) * wDim),
    sigma: d.sigma.data[i]!,
  }));
}

/**
 * Computes frame ws for one project and model. Mapped ws of seeds are kept (one mapping per seed), so a
 * frame costs only the blending and edits.
 */
export class FrameWs {
  private readonly mapped = new Map<number, Float32Array>();
  private readonly directions: Direction[];
  private readonly ranges: number[][];
  private readonly mixIndices: number[];

  constructor(
    private readonly project: Project,
    private readonly model: ModelFacts,
  ) {
    this.directions = projectDirections(project);
    this.ranges = (project.directions?.tracks ?? []).map((t) => model.layerIndices(t.layers));
    this.mixIndices = project.mix ? model.layerIndices(project.mix.layers) : [];
  }

  /** The ws of one content source at ψ: a seed's truncated ws, or a picture's ws as they are. */
  sourceWs(source: ContentSource, psi: number): Float32Array {
    if ('ws' in source) return source.ws.data;
    return truncatedWs(this.w(source.seed), this.model.truncationCenter, psi, this.model.numWs);
  }

  /** ws [numWs * wDim] at clip time τ. */
  at(tau: number): Float32Array {
    const { content } = this.project.tracks;
    const psi = psiAt(this.project, tau);
    const { from, to, s } = trackPosition(content, tau);
    const a = this.sourceWs(content[from]!, psi);
    let ws = a;
    if (s !== 0) {
      const b = this.sourceWs(content[to]!, psi);
      ws = new Float32Array(a.length);
      for (let j = 0; j < a.length; j++) ws[j] = blend(a[j]!, b[j]!, s);
    }
    const mix = this.project.mix
      ? {
          ws: truncatedWs(this.w(this.project.mix.seed), this.model.truncationCenter, psi, this.model.numWs),
          indices: this.mixIndices,
        }
      : undefined;
    const strengths = (this.project.directions?.tracks ?? []).map((t) =>
      t.keys.length > 0 ? valueAt(t.keys, tau, (k) => k.value) : 0,
    );
    if (!mix && strengths.every((v) => v === 0)) return ws === a ? a.slice() : ws;
    return applyEdits(ws, this.model.wDim, this.directions, strengths, this.ranges, mix);
  }

  private w(seed: number): Float32Array {
    let w = this.mapped.get(seed);
    if (!w) {
      w = this.model.mappedW(seed);
      this.mapped.set(seed, w);
    }
    return w;
  }
}
