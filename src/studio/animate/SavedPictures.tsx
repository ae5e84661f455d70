import { undoable } from '../state/history';
import { useStudio } from '../state/store';
import { SavedList } from './SavedList';
import { deleteSavedPicture, readSavedPictures } from './saved-pictures';

/** Pictures projected with the current model in this browser: choose one again, or delete it. */
export function SavedPictures({ version, onChange }: { version: number; onChange: () => void }) {
  const modelId = useStudio((s) => s.modelId);
  const contentWs = useStudio((s) => s.contentWs);
  const update = useStudio((s) => s.update);
  void version; // re-read storage when it changes
  return (
    <SavedList
      title="Saved pictures"
      className="saved-pictures"
      entries={readSavedPictures(localStorage).filter((p) => p.modelId === modelId)}
      isActive={(p) => p.ws === contentWs}
      describe={(p) => `${p.space}, step ${p.step} of ${p.steps}, motion seed ${p.motionSeed}`}
      onUse={(p) => undoable(() => update({ contentWs: p.ws, view: 'video' }))}
      onDelete={(p) => {
        deleteSavedPicture(localStorage, p.id);
        onChange();
      }}
    />
  );
}
