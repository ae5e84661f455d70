import { useEffect, useRef } from 'react';
import { canStreamToFile, formatBytes, suggestedBitrate } from '../../export';
import type { ModelInfo } from '../state/store';
import { type ClipOptionsDraft, fieldText, type ParsedOptions } from './clip-options';

interface Props {
  draft: ClipOptionsDraft;
  parsed: ParsedOptions;
  model: ModelInfo;
  gridSize: number;
  loop: { start: number; end: number };
  busy: boolean;
  onChange: (patch: Partial<ClipOptionsDraft>) => void;
  onStart: () => void;
  onClose: () => void;
}

/** The "Export MP4" options: what to render (time range, rate, content), how to encode, where to write. */
export function ExportOptionsForm({ draft, parsed, model, gridSize, loop, busy, onChange, onStart, onClose }: Props) {
  const fsa = canStreamToFile();
  const tiles = draft.content === 'grid' ? gridSize : 1;
  const size = model.resolution * tiles;
  const fps = Number(draft.fps);
  const plan = parsed.ok ? parsed.options.plan : null;
  const lastT = plan ? plan.start + (plan.count - 1) * (plan.trainingFps / plan.fps) : null;
  const estimate = parsed.ok ? (parsed.options.bitrate * parsed.options.plan.durationSeconds) / 8 : null;
  const bigDownload = draft.destination === 'download' && estimate !== null && estimate > 250e6;
  // Opening the options brings Start into view inside the sidebar (the page itself never scrolls).
  const actions = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Newer browsers return a promise from scrollIntoView: an effect must return nothing.
    void actions.current?.scrollIntoView({ block: 'nearest' });
  }, []);
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
        <label className="field">
          <span>Start t</span>
          <input
            type="number"
            aria-label="Start t"
            min={0}
            step="any"
            value={draft.start}
            onChange={(e) => onChange({ start: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Duration (s)</span>
          <input
            type="number"
            aria-label="Duration (s)"
            min={0}
            step="any"
            value={draft.duration}
            onChange={(e) => onChange({ duration: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Frame rate (fps)</span>
          <input
            type="number"
            aria-label="Frames per second"
            min={1}
            max={240}
            step="any"
            value={draft.fps}
            onChange={(e) => onChange({ fps: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Bitrate (Mbit/s)</span>
          <input
            type="number"
            aria-label="Bitrate (Mbit/s)"
            min={0.05}
            max={200}
            step="any"
            value={draft.bitrateMbps}
            onChange={(e) => onChange({ bitrateMbps: e.target.value })}
          />
        </label>
      </div>
      <div className="export-presets">
        <button
          type="button"
          onClick={() =>
            onChange({
              start: fieldText(loop.start),
              duration: fieldText(Math.max(loop.end - loop.start, 0) / model.trainingFps),
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
              aria-pressed={fps === rate}
              onClick={() =>
                onChange({ fps: String(rate), bitrateMbps: fieldText(suggestedBitrate(size, size, rate) / 1e6, 1) })
              }
            >
              {rate} fps
            </button>
          ))}
      </div>
      <label className="field">
        <span>Content</span>
        <select
          aria-label="Content"
          value={draft.content}
          onChange={(e) => onChange({ content: e.target.value as ClipOptionsDraft['content'] })}
        >
          <option value="video">
            Current video ({model.resolution}×{model.resolution})
          </option>
          <option value="grid">
            Content × motion grid ({gridSize}×{gridSize}, {model.resolution * gridSize}px)
          </option>
        </select>
      </label>
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
          {fieldText(plan.fps / plan.trainingFps, 2)} per training frame · ≤ {formatBytes(estimate!)}
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
