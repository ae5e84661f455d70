import { undoable } from '../state/history';
import { useStudio } from '../state/store';
import { deleteSavedPicture, readSavedPictures, savedPictureLabels } from './saved-pictures';

/** Pictures projected with the current model in this browser: choose one again, or delete it. */
export function SavedPictures({ version, onChange }: { version: number; onChange: () => void }) {
  const modelId = useStudio((s) => s.modelId);
  const contentWs = useStudio((s) => s.contentWs);
  const update = useStudio((s) => s.update);
  void version; // re-read storage when it changes
  const saved = readSavedPictures(localStorage).filter((p) => p.modelId === modelId);
  if (saved.length === 0) return null;
  const labels = savedPictureLabels(saved);
  return (
    <div className="saved-pictures">
      <h3>Saved pictures</h3>
      <ul aria-label="Saved pictures">
        {saved.map((p) => {
          const label = labels.get(p.id) ?? p.name;
          return (
            <li key={p.id}>
              <button
                type="button"
                aria-pressed={p.ws === contentWs}
                aria-label={`Use ${label}`}
                title={`${label}: ${p.space}, step ${p.step} of ${p.steps}, motion seed ${p.motionSeed}`}
                onClick={() => undoable(() => update({ contentWs: p.ws, view: 'video' }))}
              >
                {label} · {p.psnr.toFixed(1)} dB
              </button>
              <button
                type="button"
                aria-label={`Delete ${label}`}
                title="Delete"
                onClick={() => {
                  deleteSavedPicture(localStorage, p.id);
                  onChange();
                }}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
