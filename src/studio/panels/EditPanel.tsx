import { useCallback, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLimits } from '../hooks/use-limits';
import { resetEdits, setEdit, setEditRange, setMixRange, setMixSeed } from '../state/actions';
import { beginGesture } from '../state/history';
import { useStudio } from '../state/store';
import { VALUES } from '../state/values';
import { NUM_DIRECTIONS, PREVIEW_SIGMAS } from '../state/video-state';
import './edit.css';
import { NumberField } from './NumberField';
import { ProgressBar } from './ProgressBar';
import { RangePicker } from './RangePicker';

export function EditPanel() {
  // Only what the panel shows: it stays still while t plays.
  const s = useStudio(
    useShallow((state) => ({
      directionSigmas: state.directionSigmas,
      pcaProgress: state.pcaProgress,
      edits: state.edits,
      editRanges: state.editRanges,
      mixSeed: state.mixSeed,
      mixRange: state.mixRange,
      contentSeed: state.contentSeed,
      resolution: state.model?.resolution ?? 64,
    })),
  );
  const registerPreview = usePreviewCanvases();
  const limits = useLimits();
  const ready = s.directionSigmas.length > 0;
  const edit = VALUES.edit;
  return (
    <section className="panel edits" aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit content</h2>
      <p className="hint">
        Principal directions of w (PCA over 2,000 samples). Every edit carries through the whole video. Under each
        direction: the current frame at −2σ … +2σ, rendered while the studio is idle.
      </p>
      <ProgressBar progress={s.pcaProgress} label="Direction progress" />
      {s.edits.map((value, i) => (
        <div className="direction" key={i}>
          <label className="field slider">
            <span>
              Direction {i + 1}{' '}
              <output aria-live="off">
                {edit.display(value, limits)}
                {edit.unit}
              </output>
            </span>
            <input
              type="range"
              aria-label={`Direction ${i + 1}`}
              min={edit.min(limits)}
              max={edit.max(limits)}
              step={edit.step}
              value={value}
              disabled={!ready}
              onPointerDown={beginGesture}
              onChange={(e) => setEdit(i, Number(e.target.value))}
            />
          </label>
          <div className="direction-previews" data-testid={`Direction ${i + 1} previews`}>
            {PREVIEW_SIGMAS.map((sigma, k) => (
              <figure key={sigma}>
                <canvas
                  ref={registerPreview(i * PREVIEW_SIGMAS.length + k)}
                  role="img"
                  aria-label={`Direction ${i + 1} at ${sigmaText(sigma)}`}
                  width={s.resolution}
                  height={s.resolution}
                />
                <figcaption aria-hidden="true">{sigmaText(sigma)}</figcaption>
              </figure>
            ))}
          </div>
          <RangePicker
            label={`Direction ${i + 1} layers`}
            range={s.editRanges[i]!}
            limits={limits}
            onChange={(r) => setEditRange(i, r)}
          />
        </div>
      ))}
      <div className="row">
        <button type="button" onClick={resetEdits}>
          Reset edits
        </button>
      </div>
      <h3>Style mixing</h3>
      <label className="field check">
        <input
          type="checkbox"
          aria-label="Style mixing"
          checked={s.mixSeed !== null}
          onChange={(e) => setMixSeed(e.target.checked ? (s.contentSeed + 1) % (VALUES.mixSeed.max(limits) + 1) : null)}
        />{' '}
        Take layers from another content seed
      </label>
      {s.mixSeed !== null && (
        <div className="row">
          <NumberField
            caption="Mix seed"
            className="field"
            name="mixSeed"
            label="Mix seed"
            value={s.mixSeed}
            limits={limits}
            onCommit={setMixSeed}
          />
          <RangePicker label="Mix layers" range={s.mixRange} limits={limits} onChange={setMixRange} />
        </div>
      )}
    </section>
  );
}

/** "−2σ", "0σ", "+1σ". */
function sigmaText(sigma: number): string {
  return `${sigma > 0 ? '+' : sigma < 0 ? '−' : ''}${Math.abs(sigma)}σ`;
}

/** Registers the preview canvases in the store once all of them are mounted (the live renderer draws them). */
function usePreviewCanvases() {
  const canvases = useRef<HTMLCanvasElement[]>([]);
  const update = useStudio((s) => s.update);
  const count = NUM_DIRECTIONS * PREVIEW_SIGMAS.length;
  return useCallback(
    (index: number) => (canvas: HTMLCanvasElement | null) => {
      if (canvas) canvases.current[index] = canvas;
      if (canvases.current.filter(Boolean).length === count) update({ previewCanvases: [...canvases.current] });
    },
    [update, count],
  );
}
