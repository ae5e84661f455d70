import { useStudio } from '../state/store';
import { SavedList } from './SavedList';
import { chooseSavedVideo, deleteSavedVideo, readSavedVideos } from './saved-videos';

/** Videos fitted with the current model in this browser ("Animate a video"): choose one again, or delete it. */
export function SavedVideos({ version, onChange }: { version: number; onChange: () => void }) {
  const modelId = useStudio((s) => s.modelId);
  const contentWs = useStudio((s) => s.contentWs);
  const motionZ = useStudio((s) => s.motionZ);
  void version; // re-read storage when it changes
  return (
    <SavedList
      title="Saved videos"
      className="saved-pictures saved-videos"
      entries={readSavedVideos(localStorage).filter((v) => v.modelId === modelId)}
      isActive={(v) => v.ws === contentWs && v.motionZ === motionZ}
      describe={(v) =>
        `${v.frames} frames at t = k × ${Number(v.tStep.toFixed(4))}, ${v.space}, step ${v.step} of ${v.steps}, continued by motion seed ${v.motionSeed}`
      }
      onUse={chooseSavedVideo}
      onDelete={(v) => {
        deleteSavedVideo(localStorage, v.id);
        onChange();
      }}
    />
  );
}
