import type { Direction } from '../../../authoring';
// The key module alone: the latent package's index would load tfjs into the page.
import { directionsCacheKey, readCachedDirections, writeCachedDirections } from '../../../latent/directions-cache-key';
import {
  checkModelJson,
  deleteCachedModel,
  listCachedModels,
  type ModelFiles,
  type ModelIndex,
  modelFilesFromPicked,
  modelFilesFromUrl,
  openCachedModel,
  renameCachedModel,
} from '../../../model';
import { userMessage } from '../../../util';
import { undoable } from '../../state/history';
import { applyNow, missingModelNotice, modelOfLink } from '../../state/links';
import { distinctName, renameProblem, storedModelName } from '../../state/model-names';
import { type ModelRequest, useStudio } from '../../state/store';
import { linkModelUrl } from '../../state/url-state';
import { NUM_DIRECTIONS } from '../../state/video-state';
import { confirmQuestion, urlProblem } from './download-messages';
import { probeSize } from './model-download';
import type { RenderClient } from './render-client';

/**
 * Models on the page's side: the shipped list, the browser's model cache, files the person chose and .pkl
 * conversion. It reads a model's files here and hands them to the render worker; the principal directions
 * come from the worker (a latent job) and are kept in localStorage.
 */
export class ModelService {
  private directionsJob: AbortController | null = null;
  /** The loaded model's principal directions (what the worker edits with), for project files; null until found. */
  directions: Direction[] | null = null;
  private loadSeq = 0;
  /** The download under way ("Load from URL"), which Cancel stops. */
  private download: AbortController | null = null;

  /**
   * `shown`: resolves once the model just switched to is on screen (a full frame, or a few seconds at most):
   * a picked checkpoint is written into the browser cache then, not before its first image.
   */
  constructor(
    private readonly client: RenderClient,
    private readonly shown: () => Promise<void> = async () => undefined,
  ) {
    useStudio.subscribe((state, previous) => {
      if (state.modelRequest && state.modelRequest !== previous.modelRequest) void this.carryOut(state.modelRequest);
    });
  }

  async listModels(): Promise<ModelIndex> {
    const response = await fetch(`${import.meta.env.BASE_URL}models/index.json`);
    if (!response.ok) throw new Error(`could not load the model list (HTTP ${response.status})`);
    return (await response.json()) as ModelIndex;
  }

  async refreshCachedModels(): Promise<void> {
    try {
      useStudio.getState().update({ cachedModels: await listCachedModels() });
    } catch (error) {
      useStudio.getState().notify(`The model cache is unavailable: ${userMessage(error)}`);
    }
  }

  private async carryOut(request: ModelRequest): Promise<void> {
    try {
      if (request.kind === 'pick') await this.loadByKey(request.key, !request.quiet);
      else if (request.kind === 'url') await this.loadUrl(request.url);
      else if (request.kind === 'cancel') this.download?.abort();
      else if (request.kind === 'rename') await this.rename(request.key, request.name);
      else if (request.kind === 'delete') {
        await deleteCachedModel(request.key.replace(/^cache:/, ''));
        await this.refreshCachedModels();
        const models = useStudio.getState().models;
        await this.loadByKey(models.find((m) => m.default)?.id ?? models[0]?.id ?? '', true);
      } else await this.loadFiles(request.files);
    } catch (error) {
      if (useStudio.getState().modelRequest === request)
        useStudio.getState().update({ modelError: userMessage(error) });
    }
  }

  private async loadFiles(files: File[]): Promise<void> {
    const pickle = files.find((f) => f.name.toLowerCase().endsWith('.pkl'));
    if (pickle) {
      const { convertCheckpointFile } = await import('./convert-checkpoint');
      const { key, files: converted, name, resolution, store, abandon } = await convertCheckpointFile(pickle);
      if (!store) {
        const stored = key.startsWith('cache:') ? await this.nameStored(key.slice(6), pickle.name, resolution) : name;
        await this.load(key, converted, stored, true, true);
        return;
      }
      // Shown first, stored after: writing 600 MB checkpoints' weights into the cache would delay the first image.
      const id = key.slice('cache:'.length);
      const stored = await this.storedNameFor(id, pickle.name, resolution);
      await this.load(key, converted, stored, true, true).catch((error: unknown) => {
        abandon?.();
        throw error;
      });
      void this.storeWhenShown(key, stored, store, abandon);
    } else {
      // A picked folder is named by its folder; loose files by what they are, not by whichever came first.
      const folder = files[0]!.webkitRelativePath.split('/')[0];
      const label = folder ? `folder ${folder}` : 'the picked model files';
      await this.load(`file:${files.map((f) => f.name).join('+')}`, modelFilesFromPicked(files), label, true);
    }
  }

  /**
   * "Load from URL": downloads (converting a .pkl as it arrives), stores the model in this browser and loads
   * it; a link waiting for this download applies once it is loaded. Cancel (or a failure) leaves nothing.
   */
  private async loadUrl(text: string): Promise<void> {
    const problem = urlProblem(text);
    if (problem) throw new Error(problem);
    const url = new URL(text.trim()).href;
    this.download?.abort();
    const job = new AbortController();
    this.download = job;
    const link = useStudio.getState().pendingLink;
    const progress = (label: string, fraction: number) =>
      !job.signal.aborted && useStudio.getState().update({ modelProgress: { phase: 'busy', label, fraction } });
    useStudio.getState().update({ modelDownloading: true, modelUrlOffer: null });
    try {
      const { modelFromUrl } = await import('./url-model');
      const got = await modelFromUrl(url, job.signal, progress);
      const name = await this.nameStored(got.id, got.fileName, got.resolution);
      await this.load(`cache:${got.id}`, got.files, name, true);
      if (link !== null && linkModelUrl(link) !== null) applyNow(link);
    } catch (error) {
      useStudio.getState().update({ modelProgress: { phase: 'idle' } });
      if (job.signal.aborted) {
        useStudio.getState().notify(`The download of ${url} was cancelled; nothing was stored`);
        return;
      }
      throw error;
    } finally {
      if (this.download === job) {
        this.download = null;
        useStudio.getState().update({ modelDownloading: false });
      }
    }
  }

  /** Names a newly stored model after its file and resolution, apart from the other stored models. */
  private async nameStored(id: string, fileName: string, resolution: number): Promise<string> {
    const name = await this.storedNameFor(id, fileName, resolution);
    await renameCachedModel(id, name);
    await this.refreshCachedModels();
    return name;
  }

  private async storedNameFor(id: string, fileName: string, resolution: number): Promise<string> {
    const others = (await listCachedModels()).filter((m) => m.id !== id).map((m) => m.name);
    return distinctName(storedModelName(fileName, resolution), others);
  }

  /**
   * Writes a picked checkpoint's model into the browser cache once it is on screen, then lists it. Its shards
   * went to the render worker without a copy; they come back from there as copies, after the first image.
   */
  private async storeWhenShown(
    key: string,
    name: string,
    store: (shards: Array<[string, ArrayBuffer]>) => Promise<void>,
    abandon?: () => void,
  ): Promise<void> {
    const id = key.slice('cache:'.length);
    await this.shown();
    try {
      const shards = await this.client.copyShards(key).catch((error: unknown) => {
        abandon?.();
        throw error;
      });
      await store(shards);
      await renameCachedModel(id, name);
      await this.refreshCachedModels();
    } catch (error) {
      useStudio.getState().notify(`${name} stays in this page only: ${userMessage(error)}`);
    }
  }

  private async rename(key: string, name: string): Promise<void> {
    const id = key.replace(/^cache:/, '');
    const others = useStudio
      .getState()
      .cachedModels.filter((m) => m.id !== id)
      .map((m) => m.name);
    const problem = renameProblem(name, others);
    if (problem) throw new Error(problem);
    await renameCachedModel(id, name.trim());
    await this.refreshCachedModels();
  }

  /** A link's model-url=: asks before downloading (the size from a HEAD request when the server tells it). */
  private async offer(url: string): Promise<void> {
    if (urlProblem(url)) {
      useStudio.getState().notify(`This link's model-url= is not a web address: ${urlProblem(url)}`);
      return;
    }
    useStudio.getState().update({ modelUrlOffer: { url, question: confirmQuestion(url, null) } });
    const size = await probeSize(url);
    const offer = useStudio.getState().modelUrlOffer;
    if (size !== null && offer?.url === url)
      useStudio.getState().update({ modelUrlOffer: { url, question: confirmQuestion(url, size) } });
  }

  /**
   * Loads a shipped model by id, or a cached one by `cache:<id>`; `record`: the person asked for it (an undo
   * step). A key this browser lacks loads the default model, with a notice (the one for a link's model when a
   * link waits for it).
   */
  async loadByKey(key: string, record = false): Promise<void> {
    const state = useStudio.getState();
    const models = state.models;
    const info = state.cachedModels.find((m) => `cache:${m.id}` === key);
    if (info) return this.load(key, openCachedModel(info.id), info.name, record);
    const entry = models.find((m) => m.id === key) ?? models.find((m) => m.default) ?? models[0];
    if (!entry) throw new Error('no models are listed in models/index.json');
    const link = state.pendingLink;
    const offered = entry.id !== key && link !== null && modelOfLink(link) === key ? linkModelUrl(link) : null;
    if (offered !== null) {
      void this.offer(offered);
      if (state.model && state.modelId === entry.id) return;
    } else if (entry.id !== key && key) {
      state.notify(
        link !== null && modelOfLink(link) === key
          ? missingModelNotice(key, entry.name)
          : `Model "${key}" is not available in this browser; showing ${entry.name}`,
      );
      // Already on screen: nothing to load again.
      if (state.model && state.modelId === entry.id) return;
    }
    const folder = entry.path.replace(/model\.json$/, '');
    return this.load(entry.id, modelFilesFromUrl(`${import.meta.env.BASE_URL}models/${folder}`), entry.name, record);
  }

  /**
   * Reads the model's files (with progress), hands them to the worker, and makes the model current. On failure
   * the current model stays and the error, naming `label`, is the caller's to show. `convertedHere`: the files are
   * this page's converter's output, whose NaN and infinite values it counted (and reported) already.
   */
  async load(key: string, files: ModelFiles, label: string, record = false, convertedHere = false): Promise<void> {
    const seq = ++this.loadSeq;
    const progress = (fraction: number) =>
      useStudio.getState().update({ modelProgress: { phase: 'busy', label: `Loading ${label}`, fraction } });
    progress(0);
    useStudio.getState().update({ renderError: null });
    try {
      // Checked before any shard is read: plain, unique shard names and sizes the architecture implies.
      const json = checkModelJson(await files.readJson());
      const paths = json.weightsManifest.flatMap((group) => group.paths);
      const shards: Record<string, ArrayBuffer> = {};
      for (const [i, path] of paths.entries()) {
        shards[path] = await files.readShard(path);
        progress(((i + 1) / paths.length) * 0.9);
      }
      const { info, fingerprint } = await this.client.loadModel(key, label, json, shards, convertedHere);
      if (seq !== this.loadSeq) return;
      const current = useStudio.getState();
      const switchModel = () =>
        current.update({
          modelId: key,
          classIndex: Math.min(current.classIndex, Math.max(0, info.cDim - 1)),
          model: info,
          modelProgress: { phase: 'idle' },
          directionSigmas: [],
        });
      if (record) undoable(switchModel);
      else switchModel();
      // The person chose another model than the one a waiting link needs: their choice wins.
      const link = useStudio.getState().pendingLink;
      if (record && link !== null && modelOfLink(link) !== key) current.update({ pendingLink: null });
      void this.findDirections(key, fingerprint);
    } catch (error) {
      // One message, shown by whoever asked (the panel's alert, or the start-up error); the bar just goes away.
      if (seq === this.loadSeq) useStudio.getState().update({ modelProgress: { phase: 'idle' } });
      throw new Error(`Could not load ${label}: ${userMessage(error)}`);
    }
  }

  /** After a backend fallback the worker reloads the model itself: directions are computed again. */
  reloaded(): void {
    this.directions = null;
    useStudio.getState().update({ directionSigmas: [] });
  }

  private async findDirections(modelKey: string, fingerprint: string): Promise<void> {
    this.directionsJob?.abort();
    const job = new AbortController();
    this.directionsJob = job;
    const cacheKey = directionsCacheKey(modelKey, fingerprint, NUM_DIRECTIONS);
    const store = typeof localStorage === 'undefined' ? null : localStorage;
    const cached = readCachedDirections(store, cacheKey);
    this.directions = null;
    if (cached) {
      const sigmas = cached.variances.map((v) => Math.sqrt(Math.max(0, v)));
      this.directions = cached.directions.map((vector, i) => ({ vector, sigma: sigmas[i] ?? 0 }));
      this.client.setDirections(modelKey, cached.directions, sigmas);
      useStudio.getState().update({ directionSigmas: sigmas, pcaProgress: { phase: 'idle' } });
      return;
    }
    const label = 'Finding principal directions';
    useStudio.getState().update({ pcaProgress: { phase: 'busy', label, fraction: 0 } });
    try {
      // Mapping thousands of samples shares the worker with the new model's first frames: it waits for them.
      await this.shown();
      if (job.signal.aborted) return;
      const result = await this.client.runJob(
        { kind: 'directions', count: NUM_DIRECTIONS },
        (fraction) =>
          !job.signal.aborted && useStudio.getState().update({ pcaProgress: { phase: 'busy', label, fraction } }),
        job.signal,
      );
      if (job.signal.aborted) return;
      if (result.kind !== 'directions') throw new Error(`a ${result.kind} result answered a directions job`);
      writeCachedDirections(store, cacheKey, {
        directions: result.directions,
        variances: result.sigmas.map((s) => s * s),
      });
      this.directions = result.directions.map((vector, i) => ({ vector, sigma: result.sigmas[i] ?? 0 }));
      useStudio.getState().update({ pcaProgress: { phase: 'idle' }, directionSigmas: result.sigmas });
    } catch (error) {
      if (job.signal.aborted || (error instanceof Error && error.name === 'AbortError')) return;
      useStudio
        .getState()
        .update({ pcaProgress: { phase: 'error', message: `Edit directions unavailable: ${userMessage(error)}` } });
    }
  }
}
