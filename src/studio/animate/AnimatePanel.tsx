import type { DragEvent } from 'react';
import { isVideoFileName } from '../../video-input';
import { setAnimateOpen } from '../state/actions';
import { useStudio } from '../state/store';
import { openVideoStage, setAnimateKind, useClip } from './clip-session';
import { choosePicture, savedPicturesChanged, useAnimate } from './projection-session';
import { SavedPictures } from './SavedPictures';
import { SavedVideos } from './SavedVideos';
import { savedVideosChanged, useVideoProjection } from './video-session';
import './animate.css';

/**
 * The sidebar's "Your picture": opens "Animate a picture" in the stage (see AnimateStage), says what it is
 * doing, and lists the saved pictures and videos; "Animate a video…" opens it on a clip. A picture (or a video) dropped
 * here opens the stage with it.
 */
export function AnimatePanel() {
  const model = useStudio((s) => s.model);
  const open = useStudio((s) => s.animateOpen);
  const kind = useClip((s) => s.kind);
  const picture = useAnimate((s) => s.picture);
  const phase = useAnimate((s) => s.phase);
  const savedVersion = useAnimate((s) => s.savedVersion);
  const savedVideosVersion = useVideoProjection((s) => s.savedVersion);
  const videoPhase = useVideoProjection((s) => s.phase);
  const clipName = useClip((s) => s.clip?.info.name ?? 'the clip');
  const drop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (!file) return;
    if (isVideoFileName(file.name)) return openVideoStage(file);
    setAnimateKind('picture');
    setAnimateOpen(true);
    void choosePicture(file);
  };
  const status =
    videoPhase.kind === 'running'
      ? videoPhase.status
        ? `Fitting ${clipName}: step ${videoPhase.status.step} / ${videoPhase.status.steps} (${videoPhase.status.phase === 'picture' ? 'first frame' : 'whole clip'})`
        : `Fitting ${clipName}…`
      : phase.kind === 'running'
        ? phase.status
          ? `Projecting ${picture?.name ?? 'the picture'}: step ${phase.status.step} / ${phase.status.steps}`
          : `Projecting ${picture?.name ?? 'the picture'}…`
        : picture
          ? `Picture: ${picture.name}`
          : null;
  return (
    <section
      className="panel animate-panel animate-sidebar"
      aria-labelledby="animate-heading"
      onDragOver={(e) => e.preventDefault()}
      onDrop={drop}
    >
      <h2 id="animate-heading">Your picture</h2>
      <button
        type="button"
        className="primary"
        aria-pressed={open && kind === 'picture'}
        disabled={!model}
        onClick={() => {
          setAnimateKind('picture');
          setAnimateOpen(!open || kind !== 'picture');
        }}
      >
        Animate a picture…
      </button>
      <button
        type="button"
        aria-pressed={open && kind === 'video'}
        disabled={!model}
        onClick={() => (open && kind === 'video' ? setAnimateOpen(false) : openVideoStage())}
      >
        Animate a video…
      </button>
      {status && (
        <p className="hint animate-summary" data-testid="animate-summary">
          {status}
        </p>
      )}
      <SavedPictures version={savedVersion} onChange={savedPicturesChanged} />
      <SavedVideos version={savedVideosVersion} onChange={savedVideosChanged} />
    </section>
  );
}
