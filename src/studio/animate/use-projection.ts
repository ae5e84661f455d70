import { useCallback, useEffect, useRef, useState } from 'react';
import type { LatentSpace } from '../../latent';
import { userMessage } from '../../util';
import { services } from '../render/page/studio-services';
import { encodeWs } from '../render/shared/content-ws';
import type { ProjectionJobResult, ProjectionStatus } from '../render/shared/protocol';
import { undoable } from '../state/history';
import { useStudio } from '../state/store';
import type { PreparedPicture } from './picture';
import { type SavedPicture, savePicture } from './saved-pictures';

export type ProjectionPhase =
  | { kind: 'idle' }
  | { kind: 'running'; status: ProjectionStatus | null; keeping: boolean }
  | { kind: 'done'; saved: SavedPicture; kept: boolean }
  | { kind: 'canceled' }
  | { kind: 'error'; message: string };

export interface ProjectionSettings {
  steps: number;
  space: LatentSpace;
  /** Try this many motion seeds from the current one and fit with the best (0: the current one). */
  motionSearch: number;
}

/**
 * Runs "Animate a picture": the projection as a render-worker job with live status, Cancel (nothing kept)
 * and Keep (the best so far). The result is saved in this browser and becomes the studio's content.
 */
export function useProjection() {
  const [phase, setPhase] = useState<ProjectionPhase>({ kind: 'idle' });
  const [reconstruction, setReconstruction] = useState<ImageData | null>(null);
  const controls = useRef<{ cancel: AbortController; keep: AbortController } | null>(null);
  const projecting = phase.kind === 'running';
  useEffect(() => useStudio.getState().update({ projecting }), [projecting]);

  const start = useCallback(async (picture: PreparedPicture, settings: ProjectionSettings) => {
    const state = useStudio.getState();
    if (!state.model || controls.current) return;
    const cancel = new AbortController();
    const keep = new AbortController();
    controls.current = { cancel, keep };
    setReconstruction(null);
    setPhase({ kind: 'running', status: null, keeping: false });
    try {
      const result = (await services.client.runJob(
        {
          kind: 'project',
          target: picture.target,
          steps: settings.steps,
          space: settings.space,
          motionSeed: state.motionSeed,
          searchMotionSeeds: Array.from({ length: settings.motionSearch }, (_, i) => state.motionSeed + i),
          classIndex: state.model.cDim > 0 ? state.classIndex : null,
        },
        (_, status) => {
          if (!status || cancel.signal.aborted) return;
          const image = status.reconstruction;
          if (image) setReconstruction(new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height));
          setPhase((p) => (p.kind === 'running' ? { ...p, status } : p));
        },
        cancel.signal,
        keep.signal,
      )) as ProjectionJobResult;
      const { width, height, rgba } = result.reconstruction;
      setReconstruction(new ImageData(new Uint8ClampedArray(rgba), width, height));
      const ws = encodeWs(result.ws);
      const saved = savePicture(localStorage, {
        modelId: state.modelId,
        name: picture.name,
        ws,
        psnr: result.psnr,
        step: result.step,
        steps: result.steps,
        space: result.space,
        motionSeed: result.motionSeed,
      });
      undoable(() => useStudio.getState().update({ contentWs: ws, motionSeed: result.motionSeed, view: 'video' }));
      setPhase({ kind: 'done', saved, kept: keep.signal.aborted });
    } catch (error) {
      if (cancel.signal.aborted) setPhase({ kind: 'canceled' });
      else if (error instanceof Error && error.name === 'AbortError')
        setPhase({ kind: 'error', message: 'The projection stopped: the model changed (nothing was kept)' });
      else setPhase({ kind: 'error', message: `The projection failed: ${userMessage(error)}` });
    } finally {
      controls.current = null;
    }
  }, []);

  const cancel = useCallback(() => controls.current?.cancel.abort(), []);
  const keep = useCallback(() => {
    controls.current?.keep.abort();
    setPhase((p) => (p.kind === 'running' ? { ...p, keeping: true } : p));
  }, []);
  const reset = useCallback(() => {
    if (!controls.current) setPhase({ kind: 'idle' });
  }, []);

  return { phase, reconstruction, start, cancel, keep, reset };
}
