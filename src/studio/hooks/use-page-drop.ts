import { useEffect } from 'react';
import { userMessage } from '../../util';
import { openVideoStage } from '../animate/clip-session';
import { addSoundFile, missingSound } from '../sound/sound-service';
import { requestModel, useStudio } from '../state/store';
import { dropKind, dropNotice, droppedFiles } from './dropped-files';

/**
 * A .pkl or a model folder dropped anywhere on the page loads it, a sound file becomes the clip's sound, a video opens "Animate a video" with it; nothing dropped ever navigates the page
 * away. A drop a panel took itself (the picture drop of "Animate a picture") is left to that panel.
 */
export function usePageDrop(): void {
  useEffect(() => {
    const over = (event: DragEvent) => {
      event.preventDefault();
      if (event.dataTransfer && !event.defaultPrevented) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent) => {
      const taken = event.defaultPrevented;
      event.preventDefault();
      if (taken) return;
      droppedFiles(event.dataTransfer).then(
        (files) => {
          const kind = dropKind(files.map((f) => f.name));
          const s = useStudio.getState();
          if (kind === 'pickle' || kind === 'folder') {
            if (s.exporting || s.projecting) s.notify('The model is locked while an export or a projection runs');
            else requestModel({ kind: 'files', files });
            return;
          }
          if (kind === 'video' && files[0]) {
            openVideoStage(files[0]);
            return;
          }
          if (kind === 'sound' && files[0]) {
            void addSoundFile(files[0], missingSound());
            return;
          }
          const notice = dropNotice(kind);
          if (notice) s.notify(notice);
        },
        (error) => useStudio.getState().notify(`Could not read what was dropped: ${userMessage(error)}`),
      );
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}
