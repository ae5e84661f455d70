import { useStudio } from '../state/store';

export function StatusBar() {
  const backend = useStudio((s) => s.backend);
  const notices = useStudio((s) => s.notices);
  const renderError = useStudio((s) => s.renderError);
  const update = useStudio((s) => s.update);
  return (
    <footer className="status-bar">
      <span className="backend" data-testid="backend">
        Backend: {backend ?? 'starting…'}
      </span>
      {renderError && (
        <span className="error" role="alert">
          {renderError}
        </span>
      )}
      {notices.map((notice) => (
        <span key={notice} className="notice" role="status">
          {notice}
          <button type="button" aria-label="Dismiss notice" onClick={() => update({ notices: useStudio.getState().notices.filter((n) => n !== notice) })}>
            ×
          </button>
        </span>
      ))}
    </footer>
  );
}
