/**
 * Downloads for "Load from URL": the first response checked before its body is used (reachable, readable
 * across origins, the file and not a web page, a login or an error status), then the body as a counted stream
 * that the converter reads as it arrives. Every failure is a DownloadError whose message is one line
 * (download-messages.ts).
 */
import {
  brokenDownloadMessage,
  fetchFailedMessage,
  htmlMessage,
  looksLikeHtml,
  type ResponseFacts,
  responseProblem,
  truncatedMessage,
} from './download-messages';

/** A download that failed, with the one line a person sees. */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

export interface Download {
  /** The URL after redirects (a model folder's shards are resolved against it). */
  url: string;
  /** The body's length when the server announced it for an unencoded body; null when unknown. */
  size: number | null;
  /** The body, counted as it passes; errors as DownloadErrors with the download's own message. */
  body: ReadableStream<Uint8Array>;
  /** Bytes received so far. */
  received(): number;
  /** Set once the body failed or ended short: the message to show instead of the reader's. */
  failure(): DownloadError | null;
}

const isAbort = (error: unknown) => (error as { name?: string } | null)?.name === 'AbortError';

/** fetch, with a TypeError (CORS, offline, no such host) turned into the message that says which. */
async function fetchOrExplain(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    // An opaque answer to a no-cors request means the server is there but sends no CORS headers.
    const reachable = await fetch(url, { mode: 'no-cors', signal: init.signal, method: 'HEAD' }).then(
      () => true,
      () => false,
    );
    throw new DownloadError(fetchFailedMessage(url, reachable));
  }
}

function factsOf(url: string, response: Response): ResponseFacts {
  return {
    requestedUrl: url,
    url: response.url || url,
    redirected: response.redirected,
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get('content-type'),
    opaque: response.type === 'opaque' || response.type === 'opaqueredirect',
  };
}

/** The announced length of an unencoded body (a compressed one's Content-Length is not the file's). */
function announcedSize(response: Response): number | null {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return null;
  const text = response.headers.get('content-length');
  const size = text === null ? Number.NaN : Number(text);
  return Number.isSafeInteger(size) && size >= 0 ? size : null;
}

/** Starts downloading `url`: resolves once the first bytes are in and checked. */
export async function startDownload(url: string, signal: AbortSignal): Promise<Download> {
  const response = await fetchOrExplain(url, { signal, credentials: 'omit' });
  const facts = factsOf(url, response);
  const problem = responseProblem(facts);
  if (problem) {
    void response.body?.cancel().catch(() => undefined);
    throw new DownloadError(problem);
  }
  const size = announcedSize(response);
  const reader = response.body?.getReader();
  if (!reader) throw new DownloadError(brokenDownloadMessage(url, 0));
  let received = 0;
  let failure: DownloadError | null = null;
  const fail = (error: unknown): DownloadError => {
    failure ??=
      error instanceof DownloadError
        ? error
        : new DownloadError(
            size !== null && received < size
              ? truncatedMessage(url, received, size)
              : brokenDownloadMessage(url, received),
          );
    return failure;
  };
  const next = async (): Promise<ReadableStreamReadResult<Uint8Array>> => {
    try {
      const result = await reader.read();
      if (result.done && size !== null && received < size) throw fail(null);
      if (!result.done) received += result.value.length;
      return result;
    } catch (error) {
      if (isAbort(error) || signal.aborted) throw error;
      throw fail(error);
    }
  };
  const first = await next();
  if (!first.done && looksLikeHtml(first.value)) {
    void reader.cancel().catch(() => undefined);
    throw new DownloadError(htmlMessage(facts));
  }
  let pending: ReadableStreamReadResult<Uint8Array> | null = first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const result = pending ?? (await next());
      pending = null;
      if (result.done) controller.close();
      else controller.enqueue(result.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { url: facts.url, size, body, received: () => received, failure: () => failure };
}

/** The size a link's file will have, from a HEAD request (null when the server does not say, or refuses). */
export async function probeSize(url: string, signal?: AbortSignal): Promise<number | null> {
  try {
    const response = await fetch(url, { method: 'HEAD', signal, credentials: 'omit' });
    return response.ok ? announcedSize(response) : null;
  } catch {
    return null;
  }
}

/** A whole small file (a model folder's model.json or shard), checked like a download. */
export async function downloadBytes(url: string, signal: AbortSignal): Promise<{ url: string; bytes: ArrayBuffer }> {
  const download = await startDownload(url, signal);
  const parts: Uint8Array[] = [];
  const reader = download.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { url: download.url, bytes: bytes.buffer };
}
