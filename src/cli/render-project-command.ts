import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MAX_PROJECT_BYTES,
  type Project,
  ProjectFileError,
  parseProject,
  projectFitProblem,
  projectTimes,
} from '../authoring';
import { renderMemoryProblem } from '../engine/plain';
import { checkModelJson } from '../model';
import { modelFilesFromDirectory } from '../model/node';
import { escapeUnsafe } from '../util';
import { assertKnownOptions, integerOption, type ParsedArgs, UsageError } from './args';
import { writeClipSound } from './clip-sound';
import { checkFrameTargets, type FrameTargets, frameSummary, renderToTargets } from './frame-outputs';
import { availableMemoryBytes, renderPoolSize } from './memory';
import { checkFfmpeg } from './mp4-writer';
import { projectSound } from './project-sound';
import { RenderPool } from './render-pool';

export const RENDER_PROJECT_USAGE =
  "render-project <project.json> [--model <model-dir> (default: public/models/<the project's model>)] " +
  '[--out F] [--png frame-%d.png] [--mp4 clip.mp4 [--audio FILE]] [--workers N]';

const OPTIONS = ['model', 'out', 'png', 'mp4', 'audio', 'workers', 'backend'];
const MAX_WORKERS = 256;

/** The shipped models' folder (public/models beside src/). */
const SHIPPED_MODELS = fileURLToPath(new URL('../../public/models/', import.meta.url));

/** Opens a project file; a file that cannot be used is refused in one line (a UsageError: exit 2). */
export async function readProjectFile(path: string): Promise<{ project: Project; warnings: string[] }> {
  const shown = escapeUnsafe(path);
  let text: string;
  try {
    if ((await stat(path)).size > MAX_PROJECT_BYTES)
      throw new UsageError(`${shown}: not a usable project file: over ${MAX_PROJECT_BYTES / 2 ** 20} MB`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read project file ${shown}`);
  }
  try {
    return parseProject(text);
  } catch (error) {
    if (error instanceof ProjectFileError) throw new UsageError(`${shown}: ${error.message}`);
    throw error;
  }
}

/** `render-project`: the N frames of a project over the render pool. */
export async function renderProjectCommand(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  assertKnownOptions(args, OPTIONS);
  const [file] = args.positional;
  if (!file || args.positional.length !== 1) throw new UsageError(`usage: ${RENDER_PROJECT_USAGE}`);
  const o = args.options;
  const mp4Path = o.get('mp4');
  const targets: FrameTargets = { out: o.get('out'), png: o.get('png') };
  if (!targets.out && !targets.png && !mp4Path)
    throw new UsageError('nothing to write: give --out F, --png frame-%d.png and/or --mp4 clip.mp4');
  if (o.has('audio') && !mp4Path) throw new UsageError('--audio needs --mp4: the sound goes into the MP4');
  if (mp4Path) checkFfmpeg('--mp4', 'or use --png or --out');
  if (targets.png !== undefined && !targets.png.includes('%d'))
    throw new UsageError('--png needs %d in the file name for the frame index');
  const requested = integerOption(args, 'workers', 1, MAX_WORKERS);
  const backend = o.get('backend') === 'cpu' ? 'cpu' : 'wasm';

  const { project, warnings } = await readProjectFile(file);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  // The project's model id passed the file's check (lower-case letters, digits, dashes): a plain folder name.
  const modelDir = o.get('model') ?? `${SHIPPED_MODELS}${project.model}`;
  const arch = checkModelJson(await modelFilesFromDirectory(modelDir).readJson()).architecture;
  const misfit = projectFitProblem(project, arch);
  if (misfit) throw new UsageError(`the project does not fit ${escapeUnsafe(modelDir)}: ${misfit}`);
  const count = projectTimes(project, arch.fps).length;
  const availableBytes = availableMemoryBytes();
  const tooLarge = renderMemoryProblem(arch, backend, availableBytes);
  if (tooLarge) throw new UsageError(`cannot render ${modelDir}: ${tooLarge}`);
  const size = renderPoolSize(arch, { requested, frames: count, availableBytes });
  if (size.note) process.stderr.write(`note: ${size.note}\n`);

  const sound = mp4Path ? await projectSound(file, project, o.get('audio')) : null;
  if (mp4Path) targets.mp4 = { path: mp4Path, fps: project.clip.fps };
  const pool = new RenderPool(modelDir, { threads: size.threads, backend });
  let shape: [number, number];
  const scratch = sound ? await mkdtemp(join(tmpdir(), 'stylegan-v-sound-')) : null;
  try {
    await checkFrameTargets(targets, count);
    if (sound && scratch && targets.mp4) {
      targets.mp4.soundWav = join(scratch, 'clip.wav');
      await writeClipSound(sound.path, sound.placement, count / project.clip.fps, targets.mp4.soundWav);
    }
    for (const warning of await pool.prepare({ project })) process.stderr.write(`warning: ${warning}\n`);
    shape = await renderToTargets(
      'render-project',
      pool,
      Array.from({ length: count }, (_, i) => i),
      targets,
    );
  } finally {
    await pool.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
  for (const line of frameSummary(targets, count, shape, pool.threads)) log(line);
}
