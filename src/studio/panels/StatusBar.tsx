import { useStudio } from '../state/store';

export function StatusBar() {
  const backend = useStudio((s) => s.backend);
  const notices = useStudio((s) => s.notices);
  const renderError = useStudio((s) => s.renderError);
  const update = useStudio((s) => s.update);
  const cacheCapMb = useStudio((s) => s.cacheCapMb);
  const cacheUsedBytes = useStudio((s) => s.cacheUsedBytes);
  return (
    <footer className="status-bar">
      <span className="backend" data-testid="backend">
        Backend: {backend ?? 'starting…'}
      </span>
      <label className="cache" data-testid="cache-usage">
        Frame cache {(cacheUsedBytes / 2 ** 20).toFixed(1)} /{' '}
        <select
          aria-label="Frame cache size"
          value={cacheCapMb}
          onChange={(e) => update({ cacheCapMb: Number(e.target.value) })}
        >
          {[64, 128, 256, 512, 1024, 2048].map((mb) => (
            <option key={mb} value={mb}>
              {mb} MB
            </option>
          ))}
        </select>
      </label>
      {renderError && (
        <span className="error" role="alert">
          {renderError}
        </span>
      )}
      {notices.map((notice) => (
        <span key={notice} className="notice" role="status">
          {notice}
          <button
            type="button"
            aria-label="Dismiss notice"
            onClick={() => update({ notices: useStudio.getState().notices.filter((n) => n !== notice) })}
          >
            ×
          </button>
        </span>
      ))}
    </footer>
  );
}
