/**
 * What defines a project's frame, as a short key for frame caches: the project's constants (model, class,
 * motion, mixing, directions), the frame's content (one source, or two and the blend s), ψ, the direction
 * strengths and t. Computed without the model or its ws, so the page (which never loads tfjs) can key its
 * cache on it: frames with equal keys are the same frame, so a freeze, a hold or a repeated t costs nothing.
 */
import { clipTime } from './clip';
import { floatsDigest } from './float32-text';
import { psiAt } from './frame-ws';
import { trackPosition, valueAt } from './keyframes';
import type { ContentSource, FloatBlock, Project } from './project';
import { generatorTime } from './time-map';

const digests = new WeakMap<FloatBlock, string>();
const digestOf = (block: FloatBlock) => {
  let digest = digests.get(block);
  if (digest === undefined) {
    digest = `${block.shape.join('x')}:${floatsDigest(block.data)}`;
    digests.set(block, digest);
  }
  return digest;
};

const sourceKey = (source: ContentSource) => ('seed' in source ? source.seed : `ws:${digestOf(source.ws)}`);

const bases = new WeakMap<Project, string>();

/** The project's constants, keyed once per project object. */
function baseKey(p: Project): string {
  let key = bases.get(p);
  if (key === undefined) {
    key = JSON.stringify([
      p.model,
      p.classIndex ?? null,
      'seed' in p.motion ? p.motion.seed : digestOf(p.motion.z),
      p.mix ?? null,
      p.directions && [
        digestOf(p.directions.vectors),
        digestOf(p.directions.sigma),
        p.directions.tracks.map((t) => t.layers),
      ],
    ]);
    bases.set(p, key);
  }
  return key;
}

/** The key of the frame at clip time τ (training fps: the model's, for t without a Time track). */
export function projectFrameKey(project: Project, tau: number, trainingFps: number): string {
  const { content } = project.tracks;
  const { from, to, s } = trackPosition(content, tau);
  const shown = s === 0 ? [sourceKey(content[from]!)] : [sourceKey(content[from]!), sourceKey(content[to]!), s];
  const strengths = (project.directions?.tracks ?? []).map((t) =>
    t.keys.length > 0 ? valueAt(t.keys, tau, (k) => k.value) : 0,
  );
  return JSON.stringify([
    baseKey(project),
    shown,
    psiAt(project, tau),
    strengths,
    generatorTime(project.tracks.time, tau, trainingFps),
  ]);
}

/** The key of frame i of the clip. */
export function projectFrameKeyAt(project: Project, i: number, trainingFps: number): string {
  return projectFrameKey(project, clipTime(project.clip, i), trainingFps);
}
