import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticServerOptions {
  /** Send the cross-origin isolation headers (default true); false serves like a plain static host. */
  isolation?: boolean;
  /** A fixed port (default: any free one), e.g. to come back at the same origin after a stop. */
  port?: number;
  /** Let pages of any origin read the files (Access-Control-Allow-Origin: *), as a model host must. */
  cors?: boolean;
  /** Called with the path of every request. */
  onRequest?: (path: string) => void;
}

/**
 * A static file server on 127.0.0.1 with the cross-origin isolation headers that WASM threads need.
 * `mounts` maps URL prefixes to folders; the longest matching prefix wins. `close` also drops open
 * keep-alive connections, so the server is really gone when it resolves.
 */
export async function startStaticServer(
  mounts: Record<string, string>,
  options: StaticServerOptions = {},
): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    options.onRequest?.(path);
    const mount = entries.find(([prefix]) => path.startsWith(prefix));
    const isolation = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    const cors = options.cors
      ? { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' }
      : {};
    const headers = { ...(options.isolation === false ? {} : isolation), ...cors, 'Cache-Control': 'max-age=3600' };
    if (!mount) {
      response.writeHead(404, headers).end();
      return;
    }
    const root = resolve(mount[1]);
    let file = normalize(join(root, path.slice(mount[0].length)));
    if (!file.startsWith(root)) {
      response.writeHead(403, headers).end();
      return;
    }
    let size: number;
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      size = statSync(file).size;
    } catch {
      response.writeHead(404, headers).end();
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(size),
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}`, port, close };
}
