/** Raw storage elements of any torch dtype as float32 values (little-endian, as torch.save writes them). */
import { float16ToFloat32 } from '../model';
import type { TorchDType } from './torch-storage';

export function elementsToFloat32(raw: Uint8Array, dtype: TorchDType): Float32Array {
  switch (dtype) {
    case 'float32': {
      const out = new Float32Array(raw.length / 4);
      new Uint8Array(out.buffer).set(raw);
      return out;
    }
    case 'float16': {
      const half = new Uint16Array(raw.length / 2);
      new Uint8Array(half.buffer).set(raw);
      return float16ToFloat32(half);
    }
    default: {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const size = STORAGE_SIZE_BY_DTYPE[dtype];
      const n = raw.length / size;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = readElement(view, i * size, dtype);
      return out;
    }
  }
}

const STORAGE_SIZE_BY_DTYPE: Record<TorchDType, number> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

function readElement(view: DataView, at: number, dtype: TorchDType): number {
  switch (dtype) {
    case 'bfloat16': {
      const f = new DataView(new ArrayBuffer(4));
      f.setUint32(0, view.getUint16(at, true) << 16, true);
      return f.getFloat32(0, true);
    }
    case 'float64':
      return view.getFloat64(at, true);
    case 'int64':
      return Number(view.getBigInt64(at, true));
    case 'int32':
      return view.getInt32(at, true);
    case 'int16':
      return view.getInt16(at, true);
    case 'int8':
      return view.getInt8(at);
    case 'uint8':
    case 'bool':
      return view.getUint8(at);
    case 'float32':
      return view.getFloat32(at, true);
    case 'float16':
      return float16ToFloat32(new Uint16Array([view.getUint16(at, true)]))[0]!;
  }
}
