import { type FormEvent, useState } from 'react';
import { requestModel, useStudio } from '../state/store';

/** "Model URL" + "Load from URL" (a .pkl, converted as it downloads, or a model folder's model.json), and Cancel. */
export function ModelUrlForm({ disabled, title }: { disabled: boolean; title?: string }) {
  const [url, setUrl] = useState('');
  const downloading = useStudio((s) => s.modelDownloading);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (url.trim()) requestModel({ kind: 'url', url: url.trim() });
  };
  return (
    <form className="model-url" onSubmit={submit}>
      <label className="field">
        <span>Model URL (.pkl or model.json)</span>
        <input
          type="url"
          aria-label="Model URL"
          placeholder="https://…/network-snapshot.pkl"
          value={url}
          spellCheck={false}
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      <div className="stored-buttons">
        <button type="submit" disabled={disabled || downloading || !url.trim()} title={title}>
          Load from URL
        </button>
        {downloading && (
          <button type="button" onClick={() => requestModel({ kind: 'cancel' })}>
            Cancel download
          </button>
        )}
      </div>
    </form>
  );
}
