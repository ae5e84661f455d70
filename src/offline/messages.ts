/** What the page and the service worker say to each other. */

export interface VersionRequest {
  type: 'studio-version?';
}

export interface VersionReply {
  type: 'studio-version';
  version: string;
}

/** The page, once it has started, asks a version waiting to take over to do it now (see takeOverWhenStarted). */
export interface TakeOverRequest {
  type: 'studio-take-over';
}

export function isTakeOverRequest(data: unknown): data is TakeOverRequest {
  return (data as TakeOverRequest | null)?.type === 'studio-take-over';
}

export function isVersionRequest(data: unknown): data is VersionRequest {
  return (data as VersionRequest | null)?.type === 'studio-version?';
}

export function isVersionReply(data: unknown): data is VersionReply {
  const reply = data as VersionReply | null;
  return reply?.type === 'studio-version' && typeof reply.version === 'string';
}
