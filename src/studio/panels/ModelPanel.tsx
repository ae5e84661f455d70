import { type ChangeEvent, useState } from 'react';
import { modelFilesFromPicked } from '../../model';
import { renderer } from '../render/studio-renderer';
import { useStudio } from '../state/store';
import { ProgressBar } from './ProgressBar';
import { userMessage } from '../../util';

export function ModelPanel() {
  const models = useStudio((s) => s.models);
  const cachedModels = useStudio((s) => s.cachedModels);
  const modelId = useStudio((s) => s.modelId);
  const model = useStudio((s) => s.model);
  const progress = useStudio((s) => s.modelProgress);
  const exporting = useStudio((s) => s.exporting);
  const [fileError, setFileError] = useState<string | null>(null);

  const known = models.some((m) => m.id === modelId) || cachedModels.some((m) => `cache:${m.id}` === modelId);
  const onPick = (event: ChangeEvent<HTMLSelectElement>) => {
    void renderer.loadModelByKey(event.target.value).catch(() => undefined);
  };
  const onDelete = async () => {
    try {
      await renderer.deleteCachedModel(modelId);
      await renderer.loadModelByKey(models.find((m) => m.default)?.id ?? models[0]?.id ?? '');
    } catch (error) {
      setFileError(userMessage(error));
    }
  };

  const onFiles = async (event: ChangeEvent<HTMLInputElement>) => {
    setFileError(null);
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length === 0) return;
    try {
      const pickle = files.find((f) => f.name.toLowerCase().endsWith('.pkl'));
      if (pickle) {
        const { convertCheckpointFile } = await import('../render/convert-checkpoint');
        const { key, files: converted, name } = await convertCheckpointFile(pickle);
        await renderer.refreshCachedModels();
        await renderer.loadModel(key, converted, name);
      } else {
        await renderer.loadModel(`file:${files.map((f) => f.name).join('+')}`, modelFilesFromPicked(files), files[0]!.name);
      }
    } catch (error) {
      setFileError(userMessage(error));
    }
  };

  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      <label className="field">
        <span>Model</span>
        <select aria-label="Model" value={known ? modelId : ''} onChange={onPick} disabled={exporting}>
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
                <option key={m.id} value={`cache:${m.id}`}>
                  {m.name} ({m.resolution}px, {(m.bytes / 1e6).toFixed(1)} MB)
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {modelId.startsWith('cache:') && (
        <button type="button" className="danger" onClick={() => void onDelete()}>
          Delete from this browser
        </button>
      )}
      <label className="field file">
        <span>Load checkpoint</span>
        <input type="file" aria-label="Load checkpoint" accept=".pkl,.json,.bin" multiple disabled={exporting} onChange={(e) => void onFiles(e)} />
      </label>
      {exporting && <p className="hint">The model is locked while an export runs.</p>}
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
    </section>
  );
}
