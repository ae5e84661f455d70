import * as tf from '@tensorflow/tfjs';
import type { ProjectRenderer } from '../../../authoring/render';
import type { Generator, Video } from '../../../engine';
import type { ModelJson } from '../../../model';
import { userMessage } from '../../../util';
import type { FrameWant, LatentJob, PageMessage, WorkerMessage } from '../shared/protocol';
import { sameContent } from '../shared/video-keys';
import { copiedShards } from './copied-shards';
import { EngineSession, type RenderedImage, RenderInterrupted } from './engine-session';
import { runLatentJob } from './latent-jobs';
import { ProjectStore, renderProjectFrames } from './projects';
import { type Lane, Scheduler } from './scheduler';

type Job =
  | { kind: 'frame'; key: string; want: FrameWant }
  | { kind: 'export'; key: string; requestId: number; exportId: number; times: number[] }
  | { kind: 'probe'; key: string; requestId: number };

/** What the runtime needs from its host: the backend (browser or Node) and how to build a generator. */
export interface RuntimeHost {
  post(message: WorkerMessage, transfer?: Transferable[]): void;
  startBackend(
    requested: string | null,
  ): Promise<{ backend: string; notices: string[]; threads: number | null; softwareGpu: boolean }>;
  /** After a GPU backend failed: switch to WASM, resolve with its name (or reject when there is nothing to fall back to). */
  fallBack(error: unknown): Promise<string>;
  /** `nonFiniteCounted`: the page's converter made these bytes and counted their NaN and infinite values. */
  loadGenerator(json: ModelJson, shards: Record<string, ArrayBuffer>, nonFiniteCounted: boolean): Promise<Generator>;
}

/** Lets queued messages (a newer request, a cancel) in between synthesis stages. */
export function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The render worker's brain, free of `self` so tests can drive it: it answers page messages, keeps the
 * scheduler's lanes and runs one job at a time, checking between synthesis stages whether to stop.
 */
export class RenderRuntime {
  private session: EngineSession | null = null;
  private lastModel: {
    modelKey: string;
    label: string;
    json: ModelJson;
    shards: Record<string, ArrayBuffer>;
    nonFiniteCounted: boolean;
  } | null = null;
  private readonly scheduler = new Scheduler<Job>();
  private looping = false;
  private readonly exports = new Map<
    number,
    { videos: Video[]; tiles: number; session: EngineSession; project?: ProjectRenderer }
  >();
  private readonly projects = new ProjectStore();
  private readonly latentJobs = new Map<number, { controller: AbortController; keep: boolean }>();
  private nextExportId = 1;
  /** Pause between jobs: on a software GPU adapter the GPU process's threads otherwise leave the page no CPU. */
  private pauseBetweenJobsMs = 0;
  /** Frames rendered (full ones), and batches of grid cells that shared content, for tests. */
  rendered = 0;
  sharedBatches = 0;

  constructor(private readonly host: RuntimeHost) {}

  handle(message: PageMessage): void {
    switch (message.type) {
      case 'start':
        void this.host.startBackend(message.backend).then(
          (started) => {
            this.pauseBetweenJobsMs = started.softwareGpu ? 40 : 0;
            this.host.post({ type: 'started', ...started });
          },
          (error) => this.host.post({ type: 'failed', requestId: 0, message: userMessage(error) }),
        );
        return;
      case 'loadModel':
        void this.loadModel(message);
        return;
      case 'want':
        this.scheduler.want(
          message.lane,
          message.frames.map((want) => ({ kind: 'frame', key: want.key, want })),
          { abandon: message.abandon },
        );
        this.kick();
        return;
      case 'setDirections':
        if (this.session?.modelKey === message.modelKey) this.session.setDirections(message.directions, message.sigmas);
        return;
      case 'setProject':
        this.projects.set(message.project);
        return;
      case 'startJob':
        void this.startLatentJob(message.jobId, message.job);
        return;
      case 'cancelJob':
        this.latentJobs.get(message.jobId)?.controller.abort();
        return;
      case 'keepJob': {
        const entry = this.latentJobs.get(message.jobId);
        if (entry) {
          entry.keep = true;
          entry.controller.abort();
        }
        return;
      }
      case 'openExport':
        void this.openExport(message.requestId, message.videos, message.tiles, message.projectKey);
        return;
      case 'renderExport':
        this.scheduler.push('export', {
          kind: 'export',
          key: `export:${message.requestId}`,
          requestId: message.requestId,
          exportId: message.exportId,
          times: message.times,
        });
        this.kick();
        return;
      case 'closeExport':
        this.closeExport(message.exportId);
        return;
      case 'numTensors':
        this.scheduler.push('probe', {
          kind: 'probe',
          key: `probe:${message.requestId}`,
          requestId: message.requestId,
        });
        this.kick();
        return;
      case 'copyShards':
        this.host.post(...copiedShards(message.requestId, message.modelKey, this.lastModel));
        return;
    }
  }

  private async loadModel(message: Extract<PageMessage, { type: 'loadModel' }>): Promise<void> {
    try {
      const counted = message.nonFiniteCounted === true;
      const generator = await this.host.loadGenerator(message.json, message.shards, counted);
      this.scheduler.dropAll();
      this.replaceSession(new EngineSession(generator, message.modelKey));
      const { modelKey, label, json, shards } = message;
      this.lastModel = { modelKey, label, json, shards, nonFiniteCounted: counted };
      const session = this.session!;
      this.host.post({
        type: 'modelLoaded',
        requestId: message.requestId,
        modelKey: message.modelKey,
        info: session.info(message.label),
        fingerprint: await session.fingerprint(),
      });
    } catch (error) {
      this.host.post({ type: 'failed', requestId: message.requestId, message: userMessage(error) });
    }
  }

  private replaceSession(session: EngineSession | null): void {
    const old = this.session;
    this.session = session;
    for (const [id, entry] of this.exports) if (entry.session === old) this.closeExport(id);
    for (const { controller } of this.latentJobs.values()) controller.abort();
    old?.dispose();
  }

  private kick(): void {
    if (!this.looping) void this.loop();
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      for (let next = this.scheduler.next(); next; next = this.scheduler.next()) {
        const session = this.session;
        let outcome: 'done' | 'stale' | 'preempted' | 'failed' = 'done';
        try {
          await this.run(next.lane, next.job);
        } catch (error) {
          if (error instanceof RenderInterrupted) outcome = error.reason;
          else if (session !== this.session)
            outcome = 'stale'; // a model switch disposed what it used
          else {
            outcome = 'failed';
            await this.reportFailure(next.job, error);
          }
        } finally {
          this.scheduler.finish(outcome);
        }
        // An export closed mid-render still answers, so nothing on the page waits forever.
        if (outcome === 'stale' && next.job.kind === 'export')
          this.host.post({ type: 'failed', requestId: next.job.requestId, message: 'the export was closed' });
        if (this.pauseBetweenJobsMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseBetweenJobsMs));
        else await yieldToMessages();
      }
    } finally {
      this.looping = false;
    }
  }

  private readonly between = async (): Promise<void> => {
    await yieldToMessages();
    const why = this.scheduler.interruption();
    if (why) throw new RenderInterrupted(why);
  };

  private async run(lane: Lane, job: Job): Promise<void> {
    if (job.kind === 'probe') {
      this.host.post({ type: 'numTensors', requestId: job.requestId, count: tf.memory().numTensors });
      return;
    }
    const session = this.session;
    if (!session) throw new RenderInterrupted('stale');
    if (job.kind === 'export') {
      const entry = this.exports.get(job.exportId);
      if (!entry) return; // closed meanwhile
      const images = entry.project
        ? await renderProjectFrames(entry.project, job.times, this.between)
        : await session.renderComposite(entry.videos, entry.tiles, job.times, this.between);
      const frames = images.map((image) => image.rgba.buffer as ArrayBuffer);
      this.host.post(
        {
          type: 'exportFrames',
          requestId: job.requestId,
          width: images[0]?.width ?? 0,
          height: images[0]?.height ?? 0,
          frames,
        },
        frames,
      );
      return;
    }
    const { want } = job;
    const started = performance.now();
    const send = (target: FrameWant, image: RenderedImage, coarse: boolean) => {
      const rgba = image.rgba.buffer as ArrayBuffer;
      this.host.post(
        {
          type: 'frame',
          key: target.key,
          videoKey: target.videoKey,
          t: target.t,
          lane,
          coarse,
          width: image.width,
          height: image.height,
          rgba,
          renderMs: performance.now() - started,
        },
        [rgba],
      );
    };
    const companions = lane === 'grid' ? this.claimSharedContent(session, want) : [];
    if (companions.length > 0) {
      const wants = [want, ...companions];
      const images = await session.renderSharedContent(
        wants.map((w) => w.video),
        want.t,
        this.between,
      );
      this.rendered += wants.length;
      this.sharedBatches++;
      for (const [i, w] of wants.entries()) send(w, images[i]!, false);
      return;
    }
    const hooks = {
      onCoarse: want.progressive ? (coarse: RenderedImage) => send(want, coarse, true) : undefined,
      between: this.between,
    };
    const image =
      want.tau === undefined
        ? await session.renderFrame(want.video, want.t, hooks)
        : await session.renderProjectFrame(this.projects.get(want.projectKey), want.tau, hooks);
    this.rendered++;
    send(want, image, false);
  }

  /** Grid cells at the same t with the same content as `want`, taken into its pass (one batch). */
  private claimSharedContent(session: EngineSession, want: FrameWant): FrameWant[] {
    if (want.progressive) return [];
    const claimed = this.scheduler.claim(
      (job) =>
        job.kind === 'frame' &&
        !job.want.progressive &&
        job.want.t === want.t &&
        sameContent(job.want.video, want.video),
      session.sharedBatchLimit() - 1,
    );
    return claimed.flatMap((job) => (job.kind === 'frame' ? [job.want] : []));
  }

  private async reportFailure(job: Job, error: unknown): Promise<void> {
    if (job.kind === 'export')
      this.host.post({ type: 'failed', requestId: job.requestId, message: userMessage(error) });
    else if (job.kind === 'frame') this.host.post({ type: 'renderError', key: job.key, message: userMessage(error) });
    const last = this.lastModel;
    if (!last) return;
    let backend: string;
    try {
      backend = await this.host.fallBack(error);
    } catch {
      return; // nothing to fall back to: the error stays visible
    }
    this.pauseBetweenJobsMs = 0;
    this.host.post({
      type: 'backendChanged',
      backend,
      notice: `The GPU backend failed (${userMessage(error)}); switched to ${backend}`,
    });
    const generator = await this.host.loadGenerator(last.json, last.shards, last.nonFiniteCounted);
    this.replaceSession(new EngineSession(generator, last.modelKey));
    const session = this.session!;
    this.host.post({
      type: 'modelLoaded',
      requestId: -1,
      modelKey: last.modelKey,
      info: session.info(last.label),
      fingerprint: await session.fingerprint(),
    });
  }

  private async startLatentJob(jobId: number, job: LatentJob): Promise<void> {
    const session = this.session;
    const entry = { controller: new AbortController(), keep: false };
    const { controller } = entry;
    this.latentJobs.set(jobId, entry);
    try {
      if (!session) throw new Error('no model is loaded');
      await runLatentJob(
        session,
        jobId,
        job,
        { signal: controller.signal, keepRequested: () => entry.keep && session === this.session },
        (message, transfer) => this.host.post(message, transfer),
      );
    } catch (error) {
      // A Keep with nothing to keep yet is a failure with its reason, not a cancel.
      const canceled = controller.signal.aborted && !entry.keep;
      this.host.post({ type: 'jobFailed', jobId, message: userMessage(error), canceled });
    } finally {
      this.latentJobs.delete(jobId);
    }
  }

  private async openExport(
    requestId: number,
    descriptions: Parameters<EngineSession['prepareVideos']>[0],
    tiles: number,
    projectKey?: string,
  ): Promise<void> {
    const session = this.session;
    try {
      if (!session) throw new Error('no model is loaded');
      const project = projectKey === undefined ? undefined : await session.openProject(this.projects.get(projectKey));
      const videos = project ? [] : await session.prepareVideos(descriptions);
      const exportId = this.nextExportId++;
      this.exports.set(exportId, { videos, tiles, session, ...(project ? { project } : {}) });
      const size = session.generator.arch.imgResolution * tiles;
      this.host.post({ type: 'exportOpened', requestId, exportId, width: size, height: size });
    } catch (error) {
      this.host.post({ type: 'failed', requestId, message: userMessage(error) });
    }
  }

  private closeExport(exportId: number): void {
    this.scheduler.drop('export', (job) => job.kind === 'export' && job.exportId === exportId);
    const entry = this.exports.get(exportId);
    if (!entry) return;
    this.exports.delete(exportId);
    // A render of these videos may be suspended between stages: dispose once it has stopped.
    const dispose = () => {
      if (
        this.scheduler.current?.job.kind === 'export' &&
        (this.scheduler.current.job as { exportId: number }).exportId === exportId
      )
        setTimeout(dispose, 5);
      else {
        for (const video of entry.videos) video.dispose();
        entry.project?.dispose();
      }
    };
    dispose();
  }

  /** Queued jobs plus the running one (for tests). */
  get busy(): boolean {
    return this.looping || this.scheduler.pending() > 0;
  }
}
