/**
 * The web app's icons (public/icons/): a frame of the shipped sky64 model (a tile of ../shared's preview
 * grid), scaled up smoothly, with a play triangle. `npx tsx tools/make-icons.ts` rewrites them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PREVIEW = join(ROOT, '..', 'shared', 'models', 'sky64', 'preview.png');
/** The tile of the 6×6 preview grid (64 px frames) that becomes the icon. */
const TILE = { x: 64, y: 64, size: 64 };

function sample(png: PNG, x: number, y: number, channel: number): number {
  const cx = Math.min(TILE.size - 1, Math.max(0, x));
  const cy = Math.min(TILE.size - 1, Math.max(0, y));
  return png.data[((TILE.y + cy) * png.width + TILE.x + cx) * 4 + channel]!;
}

/** Bilinear up-scaling of the tile, a white play triangle at the centre, full-bleed (maskable-safe). */
function icon(png: PNG, size: number): PNG {
  const out = new PNG({ width: size, height: size });
  const scale = TILE.size / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = (x + 0.5) * scale - 0.5;
      const sy = (y + 0.5) * scale - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      // Play triangle inside the maskable safe zone: left edge at 40%, tip at 66%, half-height 15%.
      const u = x / size;
      const v = Math.abs(y / size - 0.5);
      const inTriangle = u >= 0.4 && u <= 0.66 && v <= 0.15 * (1 - (u - 0.4) / 0.26);
      for (let c = 0; c < 3; c++) {
        const top = sample(png, x0, y0, c) * (1 - fx) + sample(png, x0 + 1, y0, c) * fx;
        const bottom = sample(png, x0, y0 + 1, c) * (1 - fx) + sample(png, x0 + 1, y0 + 1, c) * fx;
        const sky = top * (1 - fy) + bottom * fy;
        out.data[(y * size + x) * 4 + c] = Math.round(inTriangle ? 255 : sky);
      }
      out.data[(y * size + x) * 4 + 3] = 255;
    }
  }
  return out;
}

const preview = PNG.sync.read(readFileSync(PREVIEW));
mkdirSync(join(ROOT, 'public', 'icons'), { recursive: true });
for (const size of [192, 512]) {
  const file = join(ROOT, 'public', 'icons', `icon-${size}.png`);
  writeFileSync(file, PNG.sync.write(icon(preview, size)));
  console.log(file);
}
