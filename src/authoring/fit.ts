/**
 * Whether a project fits a model (ws and direction sizes, motion_z rows, class, layer ranges), and its frame
 * times: checked from model.json alone, before anything loads a generator.
 */
import { frameTimeProblem, motionZRowsNeeded } from '../engine/plain';
import type { ModelArchitecture } from '../model';
import { clipTime, frameCount } from './clip';
import type { LayerSpec, Project } from './project';
import { generatorTime } from './time-map';

/** t (training frames, float32) of every frame of the clip. */
export function projectTimes(project: Project, trainingFps: number): number[] {
  return Array.from({ length: frameCount(project.clip) }, (_, i) =>
    generatorTime(project.tracks.time, clipTime(project.clip, i), trainingFps),
  );
}

const shape = (s: readonly number[]) => `[${s.join(', ')}]`;

/** The one line saying why `project` cannot be rendered with this model, or undefined. */
export function projectFitProblem(project: Project, arch: ModelArchitecture): string | undefined {
  const { numWs, wDim, cDim, motion } = arch;
  for (const [i, key] of project.tracks.content.entries()) {
    if ('ws' in key && (key.ws.shape[0] !== numWs || key.ws.shape[1] !== wDim))
      return `tracks.content[${i}].ws has shape ${shape(key.ws.shape)}; this model's ws are [${numWs}, ${wDim}]`;
  }
  const d = project.directions;
  if (d && d.vectors.shape[1] !== wDim)
    return `directions.vectors has shape ${shape(d.vectors.shape)}; this model's w has ${wDim} values`;
  const layers: [string, LayerSpec][] = [
    ...(project.mix ? [['mix.layers', project.mix.layers] as [string, LayerSpec]] : []),
    ...(d?.tracks ?? []).map((t, i) => [`directions.tracks[${i}].layers`, t.layers] as [string, LayerSpec]),
  ];
  for (const [path, spec] of layers)
    if (Array.isArray(spec) && spec[1] >= numWs)
      return `${path} ends at ws ${spec[1]}; this model has ${numWs} (0 to ${numWs - 1})`;
  if (cDim === 0 && project.classIndex !== undefined)
    return 'this model is unconditional: the project may not give a class';
  if (cDim > 0 && (project.classIndex === undefined || project.classIndex >= cDim))
    return `this model is class-conditional: the project must give a class from 0 to ${cDim - 1}`;
  const times = projectTimes(project, arch.fps);
  for (const t of times) {
    const problem = frameTimeProblem(t);
    if (problem) return problem;
  }
  if ('z' in project.motion) {
    const [rows, zDim] = project.motion.z.shape as [number, number];
    if (zDim !== motion.zDim) return `motion.z has ${zDim} values a row; this model's motion codes have ${motion.zDim}`;
    const needed = motionZRowsNeeded(times, motion);
    if (rows < needed) return `motion.z has ${rows} rows; the clip's times need ${needed}`;
  }
  return undefined;
}
