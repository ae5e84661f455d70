import { useEffect, useRef } from 'react';
import { requestModel, useStudio } from '../state/store';

/** A link's model-url=: "Load <name> (588 MB) from <host>?" with Load and Cancel; nothing downloads before Load. */
export function ModelUrlDialog() {
  const offer = useStudio((s) => s.modelUrlOffer);
  const load = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (offer) load.current?.focus();
  }, [offer]);
  if (!offer) return null;
  const cancel = () => {
    const s = useStudio.getState();
    s.update({ modelUrlOffer: null, pendingLink: null });
    s.notify(`The link's model was not downloaded; showing ${s.model?.name ?? 'the default model'}`);
  };
  return (
    <div className="model-url-backdrop">
      <div
        className="model-url-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="model-url-question"
        aria-describedby="model-url-detail"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            cancel();
          }
        }}
      >
        <h2 id="model-url-question">{offer.question}</h2>
        <p id="model-url-detail" className="model-full-name">
          This link's model is downloaded from {offer.url} and stored in this browser; the rest of the link applies once
          it is loaded.
        </p>
        <div className="stored-buttons">
          <button
            type="button"
            ref={load}
            className="primary"
            onClick={() => requestModel({ kind: 'url', url: offer.url })}
          >
            Load
          </button>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
