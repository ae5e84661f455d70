import type { ModelJson } from '../../../model';
import type { ModelInfo } from '../../state/store';
import type {
  FrameWant,
  Lane,
  LatentJob,
  LatentJobResult,
  PageMessage,
  ProjectionStatus,
  VideoFitStatus,
  WorkerMessage,
} from '../shared/protocol';
import type { StudioProject } from '../shared/studio-project';
import type { VideoDescription } from '../shared/video-keys';

type FrameMessage = Extract<WorkerMessage, { type: 'frame' }>;

export interface ClientEvents {
  onFrame(frame: FrameMessage): void;
  onRenderError(key: string, message: string): void;
  onBackendChanged(backend: string, notice: string): void;
  /** A model the worker reloaded by itself (after a backend fallback). */
  onModelReloaded(modelKey: string, info: ModelInfo): void;
}

/**
 * The page's side of the render worker: typed requests with promises for the answers. It holds no
 * tfjs; everything it sends is plain data and transferred buffers.
 */
export class RenderClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void }>();
  private readonly jobs = new Map<
    number,
    {
      onProgress: (f: number, projection?: ProjectionStatus, video?: VideoFitStatus) => void;
      resolve: (r: LatentJobResult) => void;
      reject: (e: Error) => void;
    }
  >();
  /** The key of the project the worker has last been sent. */
  private projectSent: string | null = null;
  private startResult: Promise<Extract<WorkerMessage, { type: 'started' }>> | null = null;

  constructor(private readonly events: ClientEvents) {
    this.worker = new Worker(new URL('../worker/render-worker.ts', import.meta.url), {
      type: 'module',
      name: 'render',
    });
    this.worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      const error = new Error(`the render worker failed: ${event.message || 'it could not start'}`);
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
  }

  start(
    backend: string | null,
  ): Promise<{ backend: string; notices: string[]; threads: number | null; softwareGpu: boolean }> {
    this.startResult ??= new Promise((resolve, reject) => {
      this.pending.set(0, { resolve: (m) => resolve(m as Extract<WorkerMessage, { type: 'started' }>), reject });
      this.send({ type: 'start', backend });
    });
    return this.startResult;
  }

  async loadModel(
    modelKey: string,
    label: string,
    json: ModelJson,
    shards: Record<string, ArrayBuffer>,
    nonFiniteCounted = false,
  ): Promise<{ info: ModelInfo; fingerprint: string }> {
    const reply = await this.request(
      (requestId) => ({ type: 'loadModel', requestId, modelKey, label, json, shards, nonFiniteCounted }),
      Object.values(shards),
    );
    const loaded = reply as Extract<WorkerMessage, { type: 'modelLoaded' }>;
    return { info: loaded.info, fingerprint: loaded.fingerprint };
  }

  want(lane: Exclude<Lane, 'probe' | 'export'>, frames: FrameWant[], abandon: boolean): void {
    this.send({ type: 'want', lane, frames, abandon });
  }

  /** Sends the studio's project when the worker has another (once per change, not with every frame). */
  setProject(project: StudioProject): void {
    if (project.key === this.projectSent) return;
    this.projectSent = project.key;
    this.send({ type: 'setProject', project });
  }

  setDirections(modelKey: string, directions: Float32Array[], sigmas: number[]): void {
    this.send({ type: 'setDirections', modelKey, directions, sigmas });
  }

  /**
   * A long latent computation; `signal` cancels it (the promise then rejects with an AbortError); `keep` ends a
   * projection early with its best result so far (the promise resolves with it).
   */
  runJob(
    job: LatentJob,
    onProgress: (fraction: number, projection?: ProjectionStatus, video?: VideoFitStatus) => void,
    signal?: AbortSignal,
    keep?: AbortSignal,
  ): Promise<LatentJobResult> {
    const jobId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(jobId, { onProgress, resolve, reject });
      signal?.addEventListener('abort', () => this.send({ type: 'cancelJob', jobId }), { once: true });
      keep?.addEventListener('abort', () => this.send({ type: 'keepJob', jobId }), { once: true });
      // A clip's frames are transferred (the page keeps no copy it needs).
      const transfer = job.kind === 'project-video' ? [...new Set(job.frames.map((f) => f.buffer as ArrayBuffer))] : [];
      this.send({ type: 'startJob', jobId, job }, transfer);
    });
  }

  /** An export of videos, or with `project` of that project's frames (renderExport's times are then clip times). */
  async openExport(
    videos: VideoDescription[],
    tiles: number,
    project?: StudioProject,
  ): Promise<{ exportId: number; width: number; height: number }> {
    if (project) this.setProject(project);
    const projectKey = project?.key;
    const reply = (await this.request((requestId) => ({
      type: 'openExport',
      requestId,
      videos,
      tiles,
      ...(projectKey ? { projectKey } : {}),
    }))) as Extract<WorkerMessage, { type: 'exportOpened' }>;
    return { exportId: reply.exportId, width: reply.width, height: reply.height };
  }

  async renderExport(exportId: number, times: number[]): Promise<ImageData[]> {
    const reply = (await this.request((requestId) => ({
      type: 'renderExport',
      requestId,
      exportId,
      times,
    }))) as Extract<WorkerMessage, { type: 'exportFrames' }>;
    return reply.frames.map((buffer) => new ImageData(new Uint8ClampedArray(buffer), reply.width, reply.height));
  }

  closeExport(exportId: number): void {
    this.send({ type: 'closeExport', exportId });
  }

  /** Tensors alive in the worker, counted between jobs. */
  async numTensors(): Promise<number> {
    const reply = (await this.request((requestId) => ({ type: 'numTensors', requestId }))) as Extract<
      WorkerMessage,
      { type: 'numTensors' }
    >;
    return reply.count;
  }

  /**
   * Copies of the shards the worker loaded model `modelKey` from (transferred), e.g. to store a picked checkpoint
   * after it was shown; fails when another model has been loaded since.
   */
  async copyShards(modelKey: string): Promise<Array<[string, ArrayBuffer]>> {
    const reply = (await this.request((requestId) => ({ type: 'copyShards', requestId, modelKey }))) as Extract<
      WorkerMessage,
      { type: 'shards' }
    >;
    return reply.shards;
  }

  private request(make: (requestId: number) => PageMessage, transfer: Transferable[] = []): Promise<WorkerMessage> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.send(make(requestId), transfer);
    });
  }

  private send(message: PageMessage, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'frame':
        this.events.onFrame(message);
        return;
      case 'renderError':
        this.events.onRenderError(message.key, message.message);
        return;
      case 'backendChanged':
        this.events.onBackendChanged(message.backend, message.notice);
        return;
      case 'jobProgress':
        this.jobs.get(message.jobId)?.onProgress(message.fraction, message.projection, message.video);
        return;
      case 'jobDone':
      case 'jobFailed': {
        const job = this.jobs.get(message.jobId);
        this.jobs.delete(message.jobId);
        if (message.type === 'jobDone') job?.resolve(message.result);
        else job?.reject(message.canceled ? new DOMException('canceled', 'AbortError') : new Error(message.message));
        return;
      }
      case 'modelLoaded':
        if (message.requestId === -1) {
          this.events.onModelReloaded(message.modelKey, message.info);
          return;
        }
        break;
    }
    const requestId = message.type === 'started' ? 0 : 'requestId' in message ? message.requestId : undefined;
    if (requestId === undefined) return;
    const waiter = this.pending.get(requestId);
    if (!waiter) return;
    this.pending.delete(requestId);
    if (message.type === 'failed') waiter.reject(new Error(message.message));
    else waiter.resolve(message);
  }
}
