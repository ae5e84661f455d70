import { useEffect, useMemo, useRef } from 'react';
import WaveSurfer from 'wavesurfer.js';
import { clipPeaks, PEAKS_PER_SECOND } from '../../audio';
import { placementOf } from '../state/sound-ref';
import { useStudio } from '../state/store';
import type { TimelineView } from '../state/timeline-view';
import { loadedSound } from './sound-service';

/** Zooms and scrolls the waveform to show the timeline's view (in seconds). */
function follow(ws: WaveSurfer, box: HTMLElement, view: { start: number; span: number }): void {
  if (view.span <= 0 || !ws.getDecodedData()) return;
  ws.zoom(Math.max(1, box.clientWidth / view.span));
  ws.setScrollTime(view.start);
}

/**
 * The clip's sound under the timeline (wavesurfer.js, drawing the clip's peaks: the sound placed, faded and
 * trimmed as it will be heard), zoomed and scrolled with the timeline's view. It takes no clicks: the ruler
 * and the slider above it seek.
 */
export function SoundWaveform({ view, inset }: { view: TimelineView; inset: number }) {
  const sound = useStudio((s) => s.sound);
  const clipSeconds = useStudio((s) => s.clipSeconds);
  const fps = useStudio((s) => s.model?.trainingFps ?? 25);
  const container = useRef<HTMLDivElement>(null);
  const surfer = useRef<WaveSurfer | null>(null);
  const loaded = loadedSound(sound);
  const peaks = useMemo(
    () => (loaded && sound ? clipPeaks(loaded.peaks, placementOf(sound), clipSeconds) : null),
    [loaded, sound, clipSeconds],
  );

  const viewInSeconds = useRef({ start: 0, span: 1 });
  viewInSeconds.current = { start: view.start / fps, span: view.span / fps };

  useEffect(() => {
    if (!container.current || !peaks) return;
    const ws = WaveSurfer.create({
      container: container.current,
      height: 32,
      peaks: [peaks],
      duration: peaks.length / PEAKS_PER_SECOND,
      interact: false,
      cursorWidth: 0,
      hideScrollbar: true,
      autoScroll: false,
      autoCenter: false,
      fillParent: false,
      normalize: false,
      waveColor: '#7aa2f7',
      progressColor: '#7aa2f7',
    });
    surfer.current = ws;
    const box = container.current;
    // Zoom and scroll need the peaks loaded, which wavesurfer does after a tick.
    ws.on('ready', () => follow(ws, box, viewInSeconds.current));
    return () => {
      surfer.current = null;
      ws.destroy();
    };
  }, [peaks]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view (in viewInSeconds) is what changes
  useEffect(() => {
    if (surfer.current && container.current) follow(surfer.current, container.current, viewInSeconds.current);
  }, [view.start, view.span, fps]);

  if (!sound) return null;
  return (
    <div
      className="sound-waveform"
      data-testid="sound-waveform"
      role="img"
      aria-label={`Sound: ${sound.name}`}
      style={{ marginLeft: inset, marginRight: inset }}
      ref={container}
    >
      {!loaded && <span className="hint">Sound not loaded</span>}
    </div>
  );
}
