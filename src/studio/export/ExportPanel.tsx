import { useMemo, useState } from 'react';
import { canStreamToFile } from '../../export';
import { useLimits } from '../hooks/use-limits';
import { useStudio } from '../state/store';
import { EXPORT_SCALES, limitsOf, SCALE_FILTERS } from '../state/values';
import { type ClipOptionsDraft, defaultClipOptions, parseClipOptions } from './clip-options';
import { ExportOptionsForm } from './ExportOptionsForm';
import { ExportStatus } from './ExportStatus';
import { type FrameScale, saveCurrentFrame } from './save-current-frame';
import { useClipExport } from './use-clip-export';
import './export.css';
import { userMessage } from '../../util';
import { ExportSoundNote } from '../sound/ExportSoundNote';

/** "Export MP4" (options, progress, cancel) and "Save frame" (PNG of the current frame). */
export function ExportPanel() {
  const model = useStudio((s) => s.model);
  const gridSize = useStudio((s) => s.gridSize);
  // What "Save frame" saves: the video's frame, or the whole grid in grid view.
  const frameSide = useStudio((s) => (s.model?.resolution ?? 0) * (s.view === 'grid' ? s.gridSize : 1));
  const limits = useLimits();
  const { phase, settling, start, cancel } = useClipExport();
  const [draft, setDraft] = useState<ClipOptionsDraft | null>(null);
  const [frameScale, setFrameScale] = useState<FrameScale>({ scale: 1, filter: 'nearest' });
  const [frameMessage, setFrameMessage] = useState<{ text: string; error: boolean } | null>(null);
  const parsed = useMemo(() => (draft ? parseClipOptions(draft, limits) : null), [draft, limits]);
  const running = phase.kind === 'running';

  const openOptions = () => {
    if (draft) return setDraft(null);
    const s = useStudio.getState();
    if (!s.model) return;
    setDraft(defaultClipOptions(s, s.model, limitsOf(s), canStreamToFile() ? 'file' : 'download'));
  };

  const saveFrame = async () => {
    setFrameMessage(null);
    try {
      setFrameMessage({ text: `Saved ${await saveCurrentFrame(frameScale)}`, error: false });
    } catch (error) {
      setFrameMessage({ text: `Could not save the frame: ${userMessage(error)}`, error: true });
    }
  };

  return (
    <section className="panel export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <ExportSoundNote />
      <div className="export-buttons">
        <button
          type="button"
          className="primary"
          aria-expanded={draft !== null}
          disabled={!model || running}
          onClick={openOptions}
        >
          Export MP4
        </button>
        <button type="button" disabled={!model} onClick={() => void saveFrame()}>
          Save frame
        </button>
      </div>
      <label className="field export-frame-scale">
        <span>Frame size</span>
        <select
          aria-label="Frame size"
          value={`${frameScale.scale}-${frameScale.filter}`}
          onChange={(e) => {
            const [scale, filter] = e.target.value.split('-');
            setFrameScale({ scale: Number(scale) as FrameScale['scale'], filter: filter as FrameScale['filter'] });
          }}
        >
          {EXPORT_SCALES.flatMap((scale) =>
            (scale === 1 ? SCALE_FILTERS.slice(0, 1) : SCALE_FILTERS).map((f) => (
              <option key={`${scale}-${f.value}`} value={`${scale}-${f.value}`}>
                {scale === 1 ? `1× (${frameSide}px)` : `${scale}× ${f.value} (${frameSide * scale}px)`}
              </option>
            )),
          )}
        </select>
      </label>
      {frameMessage && (
        <p
          className={frameMessage.error ? 'error' : 'hint export-saved'}
          role={frameMessage.error ? 'alert' : 'status'}
        >
          {frameMessage.text}
        </p>
      )}
      <ExportStatus phase={phase} onCancel={cancel} />
      {draft && parsed && model && !running && (
        <ExportOptionsForm
          draft={draft}
          parsed={parsed}
          model={model}
          gridSize={gridSize}
          limits={limits}
          busy={settling}
          onChange={(patch) => setDraft({ ...draft, ...patch })}
          onStart={() => parsed.ok && void start(parsed.options)}
          onClose={() => setDraft(null)}
        />
      )}
    </section>
  );
}
