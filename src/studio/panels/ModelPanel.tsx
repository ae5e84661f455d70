import type { ChangeEvent } from 'react';
import { storedModelLabel } from '../state/model-names';
import { requestModel, useStudio } from '../state/store';
import { ModelUrlDialog } from './ModelUrlDialog';
import { ModelUrlForm } from './ModelUrlForm';
import { ProgressBar } from './ProgressBar';
import { StoredModelActions } from './StoredModelActions';
import './model-panel.css';

export function ModelPanel() {
  const models = useStudio((s) => s.models);
  const cachedModels = useStudio((s) => s.cachedModels);
  const modelId = useStudio((s) => s.modelId);
  const model = useStudio((s) => s.model);
  const progress = useStudio((s) => s.modelProgress);
  const exporting = useStudio((s) => s.exporting);
  const projecting = useStudio((s) => s.projecting);
  const fileError = useStudio((s) => s.modelError);

  const lockReason = exporting
    ? 'The model is locked while an export runs.'
    : projecting
      ? 'The model is locked while a picture projection runs: cancel or keep it first.'
      : null;
  const locked = lockReason !== null;
  const lockProps = { disabled: locked, title: lockReason ?? undefined, 'aria-description': lockReason ?? undefined };

  const known = models.some((m) => m.id === modelId) || cachedModels.some((m) => `cache:${m.id}` === modelId);
  const onPick = (event: ChangeEvent<HTMLSelectElement>) => requestModel({ kind: 'pick', key: event.target.value });
  const stored = cachedModels.find((m) => `cache:${m.id}` === modelId);
  const shipped = models.find((m) => m.id === modelId);
  const fullName = stored?.name ?? shipped?.name ?? model?.name ?? '';
  const onFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length > 0) requestModel({ kind: 'files', files });
  };

  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      <label className="field">
        <span>Model</span>
        <select
          aria-label="Model"
          aria-describedby={fullName ? 'model-full-name' : undefined}
          value={known ? modelId : ''}
          onChange={onPick}
          {...lockProps}
          title={lockReason ?? fullName}
        >
          {!known && <option value="">{model?.name ?? 'Loaded from files'}</option>}
          <optgroup label="Shipped">
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.resolution}px{m.cDim > 0 ? `, ${m.cDim} classes` : ''})
              </option>
            ))}
          </optgroup>
          {cachedModels.length > 0 && (
            <optgroup label="Converted in this browser">
              {cachedModels.map((m) => (
                <option key={m.id} value={`cache:${m.id}`} title={m.name}>
                  {storedModelLabel(m)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {fullName && (
        <p id="model-full-name" className="model-full-name">
          {fullName}
        </p>
      )}
      {stored && <StoredModelActions key={`${stored.id}:${stored.name}`} info={stored} lockProps={lockProps} />}
      <label className="field file">
        <span>Load checkpoint</span>
        <input
          type="file"
          aria-label="Load checkpoint"
          accept=".pkl,.json,.bin"
          multiple
          {...lockProps}
          onChange={onFiles}
        />
      </label>
      <ModelUrlForm disabled={locked} title={lockReason ?? undefined} />
      {lockReason && <p className="hint">{lockReason}</p>}
      <ProgressBar progress={progress} label="Model load progress" />
      {fileError && (
        <p className="error" role="alert">
          {fileError}
        </p>
      )}
      {model && (
        <p className="meta">
          {model.resolution}×{model.resolution} · {model.numWs} ws · {model.trainingFps} fps training
          {model.cDim > 0 ? ` · ${model.cDim} classes` : ''}
        </p>
      )}
      <ModelUrlDialog />
    </section>
  );
}
