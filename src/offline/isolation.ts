/**
 * Cross-origin isolation from the service worker: the headers a host would send for SharedArrayBuffer (WASM
 * threads), added to every response the worker hands the page.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The same response with the isolation headers set (other headers, status and body unchanged). Opaque
 * responses (status 0) cannot be rebuilt and are returned as they are.
 */
export function withIsolationHeaders(response: Response): Response {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
