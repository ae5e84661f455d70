import type { ProjectRenderer } from '../../../authoring/render';
import { framesToRgba } from '../../../engine';
import type { StudioProject } from '../shared/studio-project';
import type { RenderedImage } from './engine-session';

/** Projects the worker keeps (the live one and ones an export may still name). */
const PROJECTS_KEPT = 4;

/** The projects the page sent (`setProject`), newest last, by key: frame wants and exports name them. */
export class ProjectStore {
  private readonly projects = new Map<string, StudioProject>();

  set(project: StudioProject): void {
    this.projects.delete(project.key);
    this.projects.set(project.key, project);
    for (const key of this.projects.keys()) if (this.projects.size > PROJECTS_KEPT) this.projects.delete(key);
  }

  get(key: string | undefined): StudioProject {
    const project = key === undefined ? undefined : this.projects.get(key);
    if (!project) throw new Error('the page asked for a frame of a project it has not sent');
    return project;
  }
}

/** An export's project frames at clip times τ, one at a time (full frames, nothing left behind). */
export async function renderProjectFrames(
  renderer: ProjectRenderer,
  taus: readonly number[],
  between: () => Promise<void>,
): Promise<RenderedImage[]> {
  const images: RenderedImage[] = [];
  for (const tau of taus) {
    const { ws, t } = renderer.frameAt(tau);
    const frames = await renderer.renderWs(ws, t, { between });
    try {
      const [rgba] = await framesToRgba(frames);
      images.push({ width: frames.shape[2], height: frames.shape[1], rgba: rgba! });
    } finally {
      frames.dispose();
    }
  }
  return images;
}
