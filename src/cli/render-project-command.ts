import { readFile, stat } from 'node:fs/promises';
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
import { checkFrameTargets, frameSummary, renderToTargets } from './frame-outputs';
import { availableMemoryBytes, renderPoolSize } from './memory';
import { RenderPool } from './render-pool';

export const RENDER_PROJECT_USAGE =
  "render-project <project.json> [--model <model-dir> (default: public/models/<the project's model>)] " +
  '[--out F] [--png frame-%d.png] [--workers N]';

const OPTIONS = ['model', 'out', 'png', 'workers', 'backend'];
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
  const targets = { out: o.get('out'), png: o.get('png') };
  if (!targets.out && !targets.png) throw new UsageError('nothing to write: give --out F and/or --png frame-%d.png');
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

  const pool = new RenderPool(modelDir, { threads: size.threads, backend });
  let shape: [number, number];
  try {
    await checkFrameTargets(targets, count);
    for (const warning of await pool.prepare({ project })) process.stderr.write(`warning: ${warning}\n`);
    shape = await renderToTargets(
      'render-project',
      pool,
      Array.from({ length: count }, (_, i) => i),
      targets,
    );
  } finally {
    await pool.close();
  }
  for (const line of frameSummary(targets, count, shape, pool.threads)) log(line);
}
