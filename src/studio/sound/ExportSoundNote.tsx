import { useEffect, useState } from 'react';
import { chooseSoundCodec } from '../../export';
import { useStudio } from '../state/store';

/** What the export does with the clip's sound: which codec this browser encodes it with, before anyone exports. */
export function ExportSoundNote() {
  const sound = useStudio((s) => s.sound);
  const view = useStudio((s) => s.view);
  const [codec, setCodec] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (!sound?.sampleRate || !sound.channels) return;
    let live = true;
    void chooseSoundCodec('mp4', sound.sampleRate, sound.channels).then(
      (choice) => live && setCodec(choice ? choice.label : null),
      () => live && setCodec(null),
    );
    return () => {
      live = false;
    };
  }, [sound]);
  if (!sound) return null;
  if (!sound.sampleRate)
    return <p className="hint">The clip's sound is not loaded: the export will have none until its file is chosen.</p>;
  if (view !== 'video') return <p className="hint">Grid exports have no sound.</p>;
  if (codec === undefined) return null;
  if (codec === null)
    return (
      <p className="error" role="status">
        This browser can encode no sound: the export will stop with a message.
      </p>
    );
  return (
    <p className="hint" data-testid="export-sound">
      Sound: {JSON.stringify(sound.name)} as {codec}
      {codec === 'Opus' ? ' (this browser has no AAC encoder; MP4 players that play Opus: Chrome, Firefox, VLC)' : ''}.
    </p>
  );
}
