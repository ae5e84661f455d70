import { useMemo, useState } from 'react';
import { canStreamToFile, suggestedBitrate } from '../../export';
import { useStudio } from '../state/store';
import { type ClipOptionsDraft, fieldText, parseClipOptions } from './clip-options';
import { ExportOptionsForm } from './ExportOptionsForm';
import { ExportStatus } from './ExportStatus';
import { saveCurrentFrame } from './save-current-frame';
import { useClipExport } from './use-clip-export';
import './export.css';
import { userMessage } from '../../util';
import { ExportSoundNote } from '../sound/ExportSoundNote';

const DEFAULT_SECONDS = 4;

/** "Export MP4" (options, progress, cancel) and "Save frame" (PNG of the current frame). */
export function ExportPanel() {
  const model = useStudio((s) => s.model);
  const gridSize = useStudio((s) => s.gridSize);
  const loopStart = useStudio((s) => s.loopStart);
  const loopEnd = useStudio((s) => s.loopEnd);
  const { phase, settling, start, cancel } = useClipExport();
  const [draft, setDraft] = useState<ClipOptionsDraft | null>(null);
  const [frameMessage, setFrameMessage] = useState<{ text: string; error: boolean } | null>(null);
  const parsed = useMemo(() => (draft && model ? parseClipOptions(draft, model.trainingFps) : null), [draft, model]);
  const running = phase.kind === 'running';

  const openOptions = () => {
    if (draft) return setDraft(null);
    const s = useStudio.getState();
    if (!s.model) return;
    const tiles = s.view === 'grid' ? s.gridSize : 1;
    const size = s.model.resolution * tiles;
    setDraft({
      start: fieldText(s.t),
      duration: String(DEFAULT_SECONDS),
      fps: fieldText(s.model.trainingFps),
      bitrateMbps: fieldText(suggestedBitrate(size, size, s.model.trainingFps) / 1e6, 1),
      content: s.view,
      destination: canStreamToFile() ? 'file' : 'download',
    });
  };

  const saveFrame = async () => {
    setFrameMessage(null);
    try {
      setFrameMessage({ text: `Saved ${await saveCurrentFrame()}`, error: false });
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
          loop={{ start: loopStart, end: loopEnd }}
          busy={settling}
          onChange={(patch) => setDraft({ ...draft, ...patch })}
          onStart={() => parsed.ok && void start(parsed.options)}
          onClose={() => setDraft(null)}
        />
      )}
    </section>
  );
}
