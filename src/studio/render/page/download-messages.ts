/**
 * What a model download's failures are called, and how it reads while it runs: pure functions over what a
 * fetch saw (status, redirect, content type, first bytes, bytes received), so every message is tested without
 * a network. Each is one line that says what happened and what to do instead.
 */

const LOAD_INSTEAD = 'download the file in your browser, then choose it with "Load checkpoint"';

/** "huggingface.co", or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** The file a URL names ("network-snapshot-000600.pkl"), or its host. */
export function fileNameOfUrl(url: string): string {
  try {
    const parts = new URL(url).pathname.split('/').filter(Boolean);
    const last = parts.at(-1);
    return last ? decodeURIComponent(last) : hostOf(url);
  } catch {
    return url;
  }
}

/** A converted model folder's model.json (anything else is taken for an official .pkl). */
export function isModelJsonUrl(url: string): boolean {
  try {
    return /\.json$/i.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** Why `text` cannot be downloaded from, or null: an absolute http(s) URL. */
export function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return `"${text.trim().slice(0, 80)}" is not a web address: paste a link that starts with https://`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `only http and https links can be loaded (this one is ${url.protocol.replace(/:$/, '')})`;
  return null;
}

/** "588 MB", "1.2 GB", "640 kB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} bytes`;
}

/** The question a link with model-url= asks before downloading anything. */
export function confirmQuestion(url: string, size: number | null): string {
  return `Load ${fileNameOfUrl(url)} (${size === null ? 'size unknown' : formatBytes(size)}) from ${hostOf(url)}?`;
}

/** The progress line: "Downloading x.pkl: 120 MB of 588 MB, 12 s left" (time left once it can be told). */
export function downloadLabel(name: string, received: number, total: number | null, elapsedS: number): string {
  if (total === null || total <= 0) return `Downloading ${name}: ${formatBytes(received)}`;
  const rate = elapsedS > 0.5 ? received / elapsedS : 0;
  const left = rate > 0 ? Math.max(0, Math.ceil((total - received) / rate)) : null;
  const time = left === null ? '' : left >= 60 ? `, ${Math.ceil(left / 60)} min left` : `, ${left} s left`;
  return `Downloading ${name}: ${formatBytes(received)} of ${formatBytes(total)}${time}`;
}

/**
 * A fetch that threw (a TypeError): `reachable` says whether a no-cors probe of the same URL got an answer.
 * A cross-origin-isolated page cannot probe a server that sends no CORS headers either, so without an answer
 * the message names both causes.
 */
export function fetchFailedMessage(url: string, reachable: boolean): string {
  return reachable
    ? `${hostOf(url)} does not let this page read ${fileNameOfUrl(url)} (the server sends no CORS headers): ${LOAD_INSTEAD}`
    : `could not download ${fileNameOfUrl(url)} from ${hostOf(url)}: the server sends no CORS headers (it does not let web pages read its files), or it cannot be reached (offline, a wrong address): ${LOAD_INSTEAD}`;
}

const LOGIN_PATH = /(^|[/_.-])(login|log-in|signin|sign-in|sign_in|auth|oauth|sso|accounts?|session)([/_.?-]|$)/i;

/** What the first response said, as far as a download can tell before its body. */
export interface ResponseFacts {
  requestedUrl: string;
  /** The URL after redirects. */
  url: string;
  redirected: boolean;
  status: number;
  statusText: string;
  contentType: string | null;
  /** An opaque or opaque-redirect response (nothing readable). */
  opaque?: boolean;
}

/** Whether a redirect went to a login page (another host or path whose name looks like one). */
export function isLoginRedirect(facts: ResponseFacts): boolean {
  if (!facts.redirected) return false;
  try {
    const from = new URL(facts.requestedUrl);
    const to = new URL(facts.url);
    const moved = from.host !== to.host || from.pathname !== to.pathname;
    return moved && (LOGIN_PATH.test(to.pathname) || /^(login|accounts|auth|sso|signin)\./i.test(to.host));
  } catch {
    return false;
  }
}

/** The message for a response that is not the file, or null when it may be. */
export function responseProblem(facts: ResponseFacts): string | null {
  const name = fileNameOfUrl(facts.requestedUrl);
  const host = hostOf(facts.requestedUrl);
  const login = `the link to ${name} redirected to a login page on ${hostOf(facts.url)}: the file is not public; ${LOAD_INSTEAD} while logged in`;
  if (facts.opaque) return fetchFailedMessage(facts.requestedUrl, true);
  if (isLoginRedirect(facts) && (facts.status < 300 || isHtml(facts.contentType))) return login;
  if (facts.status === 404 || facts.status === 410)
    return `${name} was not found on ${host} (HTTP ${facts.status}): check the link`;
  if (facts.status === 401 || facts.status === 403)
    return `${host} refused to send ${name} (HTTP ${facts.status}: it needs a login or is private): ${LOAD_INSTEAD} while logged in`;
  if (facts.status < 200 || facts.status >= 300) {
    const text = facts.statusText ? ` ${facts.statusText}` : '';
    return `${host} answered HTTP ${facts.status}${text} instead of sending ${name}: try again later, or ${LOAD_INSTEAD}`;
  }
  if (isHtml(facts.contentType)) return htmlMessage(facts);
  return null;
}

function isHtml(contentType: string | null): boolean {
  return contentType !== null && /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

/** The message for a body that turned out to be a web page. */
export function htmlMessage(facts: Pick<ResponseFacts, 'requestedUrl' | 'url' | 'redirected'>): string {
  if (facts.redirected && facts.url !== facts.requestedUrl)
    return `the link to ${fileNameOfUrl(facts.requestedUrl)} led to a web page on ${hostOf(facts.url)} (probably a login or a download warning), not the file: ${LOAD_INSTEAD}`;
  return `${hostOf(facts.requestedUrl)} sent a web page, not a checkpoint: use the file's direct download link, or ${LOAD_INSTEAD}`;
}

/** Whether the first bytes of a body are an HTML page (`<!doctype html`, `<html`, after spaces or a BOM). */
export function looksLikeHtml(head: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(head.subarray(0, 512));
  const start = text
    .replace(/^(\u00ef\u00bb\u00bf|\ufeff)/, '')
    .trimStart()
    .toLowerCase();
  return start.startsWith('<!doctype') || start.startsWith('<html') || /^<(head|body|meta|title)\b/.test(start);
}

/** A body that ended before the announced length. */
export function truncatedMessage(url: string, received: number, expected: number): string {
  return `the download of ${fileNameOfUrl(url)} was cut short: ${formatBytes(received)} of ${formatBytes(expected)} arrived (${received} of ${expected} bytes); try again, or ${LOAD_INSTEAD}`;
}

/** A body that failed part-way without a length to compare with. */
export function brokenDownloadMessage(url: string, received: number): string {
  return `the download of ${fileNameOfUrl(url)} broke off after ${formatBytes(received)}: try again, or ${LOAD_INSTEAD}`;
}
