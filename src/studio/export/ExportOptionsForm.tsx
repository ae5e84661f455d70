import { useEffect, useRef } from 'react';
import { canStreamToFile, exportSize, formatBytes, type ScaleFilter } from '../../export';
import { useClip } from '../animate/clip-session';
import { useVideoProjection } from '../animate/video-session';
import { NumberField } from '../panels/NumberField';
import type { ModelInfo } from '../state/store';
import { EXPORT_SCALES, type ExportScale, type Limits, SCALE_FILTERS } from '../state/values';
import { type ClipOptionsDraft, contentTiles, fieldText, type ParsedOptions, suggestedMbps } from './clip-options';

interface Props {
  draft: ClipOptionsDraft;
  parsed: ParsedOptions;
  model: ModelInfo;
  gridSize: number;
  limits: Limits;
  busy: boolean;
  onChange: (patch: Partial<ClipOptionsDraft>) => void;
  onStart: () => void;
  onClose: () => void;
}

/** The "Export MP4" options: what to render (time range, rate, content, size), how to encode, where to write. */
export function ExportOptionsForm({ draft, parsed, model, gridSize, limits, busy, onChange, onStart, onClose }: Props) {
  const fsa = canStreamToFile();
  const clipFitted = useVideoProjection((s) => s.fit !== null);
  const tiles = contentTiles(draft.content, gridSize, clipFitted);
  const side = model.resolution * tiles.down;
  const size = exportSize(model.resolution * tiles.across, side, draft.scale);
  const clipAnimated = useClip((s) => s.targets !== null);
  const plan = parsed.ok ? parsed.options.plan : null;
  const lastT = plan ? plan.start + (plan.count - 1) * (plan.trainingFps / plan.fps) : null;
  const estimate = parsed.ok ? (parsed.options.bitrate * parsed.options.plan.durationSeconds) / 8 : null;
  const bigDownload = draft.destination === 'download' && estimate !== null && estimate > 250e6;
  // A new rate, size or content suggests the bitrate that fits it (it can still be typed over).
  const withBitrate = (patch: Partial<ClipOptionsDraft>): Partial<ClipOptionsDraft> => {
    const next = { ...draft, ...patch };
    const nextTiles = contentTiles(next.content, gridSize, clipFitted);
    // The bitrate of a square with as many pixels.
    const nextSide = model.resolution * Math.sqrt(nextTiles.across * nextTiles.down) * next.scale;
    return { ...patch, bitrateMbps: suggestedMbps(nextSide, next.fps) };
  };
  // Opening the options brings Start into view inside the sidebar (the page itself never scrolls).
  const actions = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Newer browsers return a promise from scrollIntoView: an effect must return nothing.
    void actions.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const field = (
    key: 'start' | 'duration' | 'fps' | 'bitrateMbps',
    name: 'exportStart' | 'exportDuration' | 'exportFps' | 'exportBitrate',
    label: string,
    caption: string,
  ) => (
    <NumberField
      caption={caption}
      className="field"
      name={name}
      label={label}
      value={draft[key]}
      limits={limits}
      onCommit={(value) => onChange(key === 'fps' ? withBitrate({ fps: value }) : { [key]: value })}
    />
  );
  return (
    <form
      className="export-options"
      aria-label="Export options"
      onSubmit={(e) => {
        e.preventDefault();
        onStart();
      }}
    >
      <div className="export-grid">
        {field('start', 'exportStart', 'Start t', 'Start t (frames)')}
        {field('duration', 'exportDuration', 'Duration (s)', 'Duration (s)')}
        {field('fps', 'exportFps', 'Frames per second', 'Frame rate (fps)')}
        {field('bitrateMbps', 'exportBitrate', 'Bitrate (Mbit/s)', 'Bitrate (Mbit/s)')}
      </div>
      <div className="export-presets">
        <button
          type="button"
          onClick={() =>
            onChange({
              start: limits.loopStart,
              duration: Number(fieldText(Math.max(limits.loopEnd - limits.loopStart, 0) / model.trainingFps)),
            })
          }
        >
          Use loop range
        </button>
        {[model.trainingFps, 30, 60, 120]
          .filter((v, i, all) => all.indexOf(v) === i)
          .map((rate) => (
            <button
              key={rate}
              type="button"
              aria-pressed={draft.fps === rate}
              onClick={() => onChange(withBitrate({ fps: rate }))}
            >
              {rate} fps
            </button>
          ))}
      </div>
      <p className="hint export-speed-note">
        Playback speed only previews: an export runs at real time, frame i at t = start + i × {model.trainingFps} / fps.
        For slow motion, export at a higher frame rate and play it slower (120 fps shown at 30 fps is 4× slower).
      </p>
      <label className="field">
        <span>Content</span>
        <select
          aria-label="Content"
          value={draft.content}
          onChange={(e) => onChange(withBitrate({ content: e.target.value as ClipOptionsDraft['content'] }))}
        >
          <option value="video">
            Current video ({model.resolution}×{model.resolution})
          </option>
          <option value="grid">
            Content × motion grid ({gridSize}×{gridSize}, {model.resolution * gridSize}px)
          </option>
          {(clipAnimated || draft.content === 'beside') && (
            <option value="beside">
              {clipFitted
                ? `Animated clip, its fit and the current video (${model.resolution * 3}×${model.resolution})`
                : `Animated clip beside the current video (${model.resolution * 2}×${model.resolution})`}
            </option>
          )}
        </select>
      </label>
      <div className="export-grid">
        <label className="field">
          <span>Scale</span>
          <select
            aria-label="Scale"
            value={draft.scale}
            onChange={(e) => onChange(withBitrate({ scale: Number(e.target.value) as ExportScale }))}
          >
            {EXPORT_SCALES.map((k) => (
              <option key={k} value={k}>
                {k}× (
                {tiles.across === tiles.down ? `${side * k}px` : `${model.resolution * tiles.across * k}×${side * k}px`}
                )
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Scaling</span>
          <select
            aria-label="Scaling"
            value={draft.filter}
            disabled={draft.scale === 1}
            onChange={(e) => onChange({ filter: e.target.value as ScaleFilter })}
          >
            {SCALE_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>Save to</span>
        <select
          aria-label="Save to"
          value={draft.destination}
          onChange={(e) => onChange({ destination: e.target.value as ClipOptionsDraft['destination'] })}
        >
          {fsa && <option value="file">File on disk (streamed)</option>}
          <option value="download">Download (held in memory)</option>
        </select>
      </label>
      {!fsa && (
        <p className="hint">
          This browser cannot write to disk while encoding, so the whole file is kept in memory. For long or large
          exports, use Chromium (File System Access API).
        </p>
      )}
      {bigDownload && (
        <p className="hint warn">
          About {formatBytes(estimate!)} will be held in memory; choose “File on disk” for exports this large.
        </p>
      )}
      {parsed.ok && plan && lastT !== null ? (
        <p className="export-summary" data-testid="export-summary">
          {plan.count} frames, t {fieldText(plan.start, 2)} → {fieldText(lastT, 2)}
          <br />
          {size.width}×{size.height}px
          {size.codedWidth !== size.width || size.codedHeight !== size.height
            ? ` (coded ${size.codedWidth}×${size.codedHeight}: H.264 needs even sides)`
            : ''}{' '}
          · {fieldText(plan.fps / plan.trainingFps, 2)} per training frame · ≤ {formatBytes(estimate!)}
        </p>
      ) : (
        <p className="error" role="alert">
          {parsed.ok ? '' : parsed.error}
        </p>
      )}
      <div className="export-actions" ref={actions}>
        <button type="submit" className="primary" disabled={!parsed.ok || busy}>
          {busy ? 'Stopping…' : 'Start export'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
