import type { ModelJson } from './format';
import type { ModelFiles } from './model-files';

/** A converted model folder served over HTTP (e.g. public/models/<id>/). */
export function modelFilesFromUrl(baseUrl: string, fetchImpl: typeof fetch = fetch): ModelFiles {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (path: string) => {
    const response = await fetchImpl(base + path);
    if (!response.ok) throw new Error(`could not load ${base + path}: HTTP ${response.status}`);
    return response;
  };
  return {
    async readJson() {
      return (await (await get('model.json')).json()) as ModelJson;
    },
    async readShard(path) {
      return (await get(path)).arrayBuffer();
    },
  };
}
