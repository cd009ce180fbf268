// Reads a safetensors file (u64 LE header length, JSON header, raw little-endian tensor bytes) with the
// same rejections as the Java reader, so a file the page accepts is one the Java side accepts too.

const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const DTYPE_BYTES = { F32: 4 };

export class SafetensorsError extends Error {
  constructor(message) {
    super(`invalid model file: ${message}`);
    this.name = 'SafetensorsError';
  }
}

/**
 * @param {ArrayBuffer} buffer the whole file
 * @returns {{metadata: Object<string,string>, tensors: Object<string,{shape:number[], data:Float32Array}>}}
 */
export function parseSafetensors(buffer) {
  if (!(buffer instanceof ArrayBuffer)) throw new SafetensorsError('expected an ArrayBuffer');
  if (buffer.byteLength < 8) throw new SafetensorsError(`${buffer.byteLength} bytes is shorter than the 8-byte length prefix`);
  const view = new DataView(buffer);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, buffer.byteLength - 8))) {
    throw new SafetensorsError(`header length ${headerLength} exceeds the ${buffer.byteLength - 8} bytes after the prefix (or 100 MB)`);
  }
  const n = Number(headerLength);
  const header = parseHeader(new Uint8Array(buffer, 8, n));
  const dataStart = 8 + n;
  const { metadata, entries } = splitHeader(header);
  checkContiguous(entries, buffer.byteLength - dataStart);
  const tensors = {};
  for (const [name, e] of entries) {
    const data = readF32(buffer, dataStart + e.begin, e.end - e.begin);
    // The Java reader never loads NaN/Inf weights; here they would decode every glyph black without a word.
    const bad = data.findIndex(v => !Number.isFinite(v));
    if (bad >= 0) {
      throw new SafetensorsError(`tensor '${name}' holds a non-finite value ${data[bad]} at index ${bad}; a model with NaN/Inf weights is never loaded`);
    }
    tensors[name] = { shape: e.shape, data };
  }
  return { metadata, tensors };
}

function parseHeader(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  let header;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`header is not valid JSON (${e.message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new SafetensorsError('header is not a JSON object');
  }
  checkNoDuplicateKeys(text);
  return header;
}

// JSON.parse keeps the last of duplicate keys silently; the Java reader rejects them at every depth (a tensor name,
// a metadata key, a field of a tensor's entry), so each object's keys are collected here as the text is scanned.
function checkNoDuplicateKeys(text) {
  const open = []; // per enclosing object its keys so far, per array null
  let inString = false, escaped = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        const keys = open[open.length - 1];
        if (keys && nextNonSpace(text, i + 1) === ':') {
          const key = JSON.parse(text.slice(start, i + 1));
          if (keys.has(key)) {
            throw new SafetensorsError(open.length === 1 ? `header has a duplicate tensor name '${key}'`
              : `header has a duplicate key '${key}' inside an object`);
          }
          keys.add(key);
        }
      }
    } else if (c === '"') { inString = true; start = i; }
    else if (c === '{') open.push(new Set());
    else if (c === '[') open.push(null);
    else if (c === '}' || c === ']') open.pop();
  }
}

function nextNonSpace(text, from) {
  let i = from;
  while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  return text[i];
}

function splitHeader(header) {
  let metadata = {};
  const entries = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = checkMetadata(value);
      continue;
    }
    entries.push([name, checkEntry(name, value)]);
  }
  return { metadata, entries };
}

function checkMetadata(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SafetensorsError('__metadata__ is not an object');
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new SafetensorsError(`__metadata__ value for '${k}' is not a string`);
  }
  return value;
}

function checkEntry(name, e) {
  if (e === null || typeof e !== 'object') throw new SafetensorsError(`tensor '${name}' is not an object`);
  if (!(e.dtype in DTYPE_BYTES)) {
    throw new SafetensorsError(`tensor '${name}' has dtype ${JSON.stringify(e.dtype)}; only F32 is supported`);
  }
  const shape = e.shape;
  if (!Array.isArray(shape) || !shape.every(d => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(`tensor '${name}' has shape ${JSON.stringify(shape)}, not a list of sizes`);
  }
  const offsets = e.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(o => Number.isSafeInteger(o) && o >= 0)
      || offsets[1] < offsets[0]) {
    throw new SafetensorsError(`tensor '${name}' has data_offsets ${JSON.stringify(offsets)}`);
  }
  const expected = shape.reduce((a, d) => a * d, 1) * DTYPE_BYTES[e.dtype];
  if (offsets[1] - offsets[0] !== expected) {
    throw new SafetensorsError(`tensor '${name}' spans ${offsets[1] - offsets[0]} bytes but shape [${shape}] of ${e.dtype} needs ${expected}`);
  }
  return { shape: shape.slice(), begin: offsets[0], end: offsets[1] };
}

// Offsets must tile the data section exactly: no gaps, no overlaps, nothing after the last tensor.
function checkContiguous(entries, dataBytes) {
  const sorted = entries.map(([name, e]) => ({ name, ...e })).sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin !== at) {
      throw new SafetensorsError(`tensor '${e.name}' starts at byte ${e.begin}, expected ${at} (offsets must be contiguous)`);
    }
    at = e.end;
  }
  if (at !== dataBytes) {
    throw new SafetensorsError(`tensors cover ${at} bytes but the data section has ${dataBytes}`);
  }
}

function readF32(buffer, byteOffset, byteLength) {
  const count = byteLength / 4;
  // A Float32Array view needs 4-byte alignment and host little-endianness; copy through DataView otherwise.
  if (byteOffset % 4 === 0 && littleEndianHost()) return new Float32Array(buffer.slice(byteOffset, byteOffset + byteLength));
  const out = new Float32Array(count);
  const view = new DataView(buffer, byteOffset, byteLength);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

function littleEndianHost() {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
