import type { FrameSource } from '../../../export';
import { useStudio } from '../../state/store';
import type { VideoDescription } from '../shared/video-keys';
import { createFrameSource, createVideoFrameSource } from './export-source';
import { LiveRenderer } from './live-renderer';
import { ModelService } from './model-service';
import { RenderClient } from './render-client';

export type { FrameSource } from '../../../export';

/**
 * The page's render services, wired once: the worker client, the live renderer (store -> frames) and the
 * model service. Panels never import this; boot, export and tests do.
 */
export class StudioServices {
  readonly client: RenderClient;
  readonly live: LiveRenderer;
  readonly models: ModelService;
  backendThreads: number | null = null;

  constructor() {
    this.client = new RenderClient({
      onFrame: (frame) => this.live.onFrame(frame),
      onRenderError: (key, message) => this.live.onRenderError(key, message),
      onBackendChanged: (backend, notice) => {
        this.live.idleFilling = true; // the fallback is WASM
        useStudio.getState().notify(notice);
        useStudio.getState().update({ backend });
      },
      onModelReloaded: () => {
        this.models.reloaded();
        this.live.update();
      },
    });
    this.live = new LiveRenderer(this.client);
    // A picked checkpoint is stored once its first full frame is on screen (20 s at most after it loaded).
    this.models = new ModelService(this.client, () => this.live.nextFullFrame(20_000));
  }

  /** Starts the worker's backend (forced by ?backend=, or chosen) and reports it in the store. */
  async start(forcedBackend: string | null): Promise<void> {
    const started = await this.client.start(forcedBackend);
    for (const notice of started.notices) useStudio.getState().notify(notice);
    this.backendThreads = started.threads;
    this.live.idleFilling = !started.softwareGpu;
    useStudio.getState().update({ backend: started.backend });
  }

  /** `fps`: an export's frame rate (project frames then fall on its grid, τ = i / fps). */
  createFrameSource(kind: 'video' | 'grid', fps?: number): Promise<FrameSource> {
    return createFrameSource(this.client, kind, fps);
  }

  /** Frames of one described video (no tracks: times are generator times), e.g. a fit without edits. */
  createVideoFrameSource(video: VideoDescription): Promise<FrameSource> {
    return createVideoFrameSource(this.client, video);
  }

  // Test and benchmark hooks (window.__studio.renderer).
  get stats() {
    return this.live.stats;
  }

  isIdle(): boolean {
    return this.live.isIdle();
  }

  numTensors(): Promise<number> {
    return this.client.numTensors();
  }
}

export const services = new StudioServices();
