import { useStudio } from '../state/store';
import { chooseSavedVideo, deleteSavedVideo, readSavedVideos, savedVideoLabels } from './saved-videos';

/** Videos fitted with the current model in this browser ("Animate a video"): choose one again, or delete it. */
export function SavedVideos({ version, onChange }: { version: number; onChange: () => void }) {
  const modelId = useStudio((s) => s.modelId);
  const contentWs = useStudio((s) => s.contentWs);
  const motionZ = useStudio((s) => s.motionZ);
  void version; // re-read storage when it changes
  const saved = readSavedVideos(localStorage).filter((v) => v.modelId === modelId);
  if (saved.length === 0) return null;
  const labels = savedVideoLabels(saved);
  return (
    <div className="saved-pictures saved-videos">
      <h3>Saved videos</h3>
      <ul aria-label="Saved videos">
        {saved.map((v) => {
          const label = labels.get(v.id) ?? v.name;
          return (
            <li key={v.id}>
              <button
                type="button"
                aria-pressed={v.ws === contentWs && v.motionZ === motionZ}
                aria-label={`Use ${label}`}
                title={`${label}: ${v.frames} frames at t = k × ${Number(v.tStep.toFixed(4))}, ${v.space}, step ${v.step} of ${v.steps}, continued by motion seed ${v.motionSeed}`}
                onClick={() => chooseSavedVideo(v)}
              >
                {label} · {v.psnr.toFixed(1)} dB
              </button>
              <button
                type="button"
                aria-label={`Delete ${label}`}
                title="Delete"
                onClick={() => {
                  deleteSavedVideo(localStorage, v.id);
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
