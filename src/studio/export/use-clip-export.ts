import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type ClipResult,
  chooseEncoding,
  chooseSoundCodec,
  clipFileName,
  downloadTarget,
  type ExportProgress,
  type ExportTarget,
  encodeClip,
  exportSize,
  type FrameSource,
  isAbortError,
  pickFileTarget,
  scaledFrameSource,
  sideBySideSource,
} from '../../export';
import { userMessage } from '../../util';
import { clipFrameSource } from '../animate/clip-session';
import { type FittedVideo, fittedVideo, useVideoProjection } from '../animate/video-session';
import { services } from '../render/page/studio-services';
import { exportSound } from '../sound/sound-service';
import { useStudio } from '../state/store';
import { type ClipOptions, contentTiles } from './clip-options';
import { fileNameContent, fileNameMotion } from './file-name-content';

/**
 * The clip "Animate a video" fitted (as it was cropped), its fit once there is one (the fitted content and
 * motion without edits or mixing, at generator time t) and the current video, left to right.
 */
async function besideSource(
  model: { resolution: number; trainingFps: number },
  fps: number,
  fit: FittedVideo | null,
): Promise<FrameSource> {
  const clip = clipFrameSource(model.resolution, model.trainingFps);
  if (!clip) throw new Error('no clip was animated yet (choose one in "Animate a video" and press Animate)');
  const sources: FrameSource[] = [clip];
  try {
    if (fit) sources.push(await services.createVideoFrameSource(fittedVideo(useStudio.getState(), fit)));
    sources.push(await services.createFrameSource('video', fps));
  } catch (error) {
    for (const source of sources) source.dispose();
    throw error;
  }
  return sideBySideSource(sources);
}

export type ExportPhase =
  | { kind: 'idle' }
  | { kind: 'running'; fileName: string; codec: string; progress: ExportProgress }
  | { kind: 'done'; fileName: string; codec: string; destination: ExportTarget['kind']; result: ClipResult }
  | { kind: 'canceled' }
  | { kind: 'error'; message: string };

/**
 * Runs one clip export at a time: picks codec and destination, renders through the studio's frame source,
 * and always disposes it. `cancel` shows "canceled" at once; `settling` stays true until the job has let go
 * of everything (the frame batch in flight, the encoder, the file).
 */
export function useClipExport() {
  const [phase, setPhase] = useState<ExportPhase>({ kind: 'idle' });
  const [settling, setSettling] = useState(false);
  const exporting = phase.kind === 'running' || settling;
  useEffect(() => useStudio.getState().update({ exporting }), [exporting]);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async (options: ClipOptions) => {
    if (controller.current) return;
    const state = useStudio.getState();
    const model = state.model;
    if (!model) return;
    const { plan, content } = options;
    // The clip's fit as it is now: the frame's size and the tiles rendered agree.
    const fit = useVideoProjection.getState().fit;
    const tiles = contentTiles(content, state.gridSize, fit !== null);
    const abort = new AbortController();
    controller.current = abort;
    setSettling(true);
    let target: ExportTarget | null = null;
    let source: Awaited<ReturnType<typeof services.createFrameSource>> | null = null;
    try {
      // The file picker needs the click's user activation: only quick awaits before it.
      const size = exportSize(model.resolution * tiles.across, model.resolution * tiles.down, options.scale);
      const encoding = await chooseEncoding({
        width: size.width,
        height: size.height,
        fps: plan.fps,
        bitrate: options.bitrate,
      });
      const parts = {
        modelId: state.modelId,
        content: fileNameContent(state),
        ...fileNameMotion(state),
        t: plan.start,
        kind: content === 'grid' ? ('grid' as const) : ('video' as const),
        gridSize: state.gridSize,
        scale: options.scale,
      };
      const fileName = clipFileName(parts, plan.durationSeconds, plan.fps, encoding.extension);
      target =
        options.destination === 'file'
          ? await pickFileTarget(fileName, encoding.mimeType, encoding.extension)
          : downloadTarget(fileName, encoding.mimeType);
      if (!target) {
        setPhase({ kind: 'idle' }); // the person closed the picker
        return;
      }
      // The clip's sound over the exported stretch: positions start..end are clip times start/fps..end/fps.
      const sound = content !== 'grid' ? exportSound(plan.start / model.trainingFps, plan.count / plan.fps) : undefined;
      const soundCodec = sound ? await chooseSoundCodec(encoding.container, sound.sampleRate, sound.channels) : null;
      if (sound && !soundCodec) throw new Error('this browser cannot encode sound (neither AAC nor Opus)');
      const codec = `${encoding.label}${soundCodec ? ` + ${soundCodec.label}` : ''} ${encoding.container.toUpperCase()}`;
      const running = { kind: 'running', fileName: target.fileName, codec } as const;
      setPhase({ ...running, progress: { done: 0, total: plan.count, secondsLeft: null, framesPerSecond: null } });
      const rendered =
        content === 'beside'
          ? await besideSource(model, plan.fps, fit)
          : await services.createFrameSource(content, plan.fps);
      source = scaledFrameSource(rendered, options.scale, options.filter);
      if (abort.signal.aborted) throw new DOMException('canceled', 'AbortError');
      const result = await encodeClip({
        source,
        plan,
        encoding,
        target,
        ...(sound && soundCodec ? { sound: { sound, codec: soundCodec } } : {}),
        signal: abort.signal,
        onProgress: (progress) => {
          if (!abort.signal.aborted) setPhase({ ...running, progress });
        },
      });
      setPhase({ kind: 'done', fileName: target.fileName, codec, destination: target.kind, result });
    } catch (error) {
      await target?.discard().catch(() => undefined);
      if (!isAbortError(error) && !abort.signal.aborted)
        setPhase({ kind: 'error', message: `Export failed: ${userMessage(error)}` });
    } finally {
      source?.dispose();
      controller.current = null;
      setSettling(false);
    }
  }, []);

  const cancel = useCallback(() => {
    if (!controller.current) return;
    controller.current.abort();
    setPhase({ kind: 'canceled' });
  }, []);

  const reset = useCallback(() => setPhase({ kind: 'idle' }), []);

  return { phase, settling, start, cancel, reset };
}
