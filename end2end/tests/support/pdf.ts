// The text of a PDF the portal wrote, as a reader extracts it: the Flate streams inflated,
// the font's ToUnicode map read, and the strings each text object shows mapped back to
// characters (two bytes a glyph), one text object a line. It reads only what the portal's
// PDF writer produces; the Rust side has the same check (app::platform::pdf::text_of).
import { inflateSync, constants } from 'node:zlib';

function streams(buf: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const i = buf.indexOf('stream', at, 'latin1');
    if (i < 0) break;
    at = i + 6;
    if (i >= 3 && buf.subarray(i - 3, i).toString('latin1') === 'end') continue;
    let start = i + 6;
    if (buf[start] === 0x0d && buf[start + 1] === 0x0a) start += 2;
    else if (buf[start] === 0x0a) start += 1;
    else continue;
    const end = buf.indexOf('endstream', start, 'latin1');
    if (end < 0) break;
    const body = buf.subarray(start, end);
    let data: Buffer;
    try {
      data = inflateSync(body, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      data = body;
    }
    out.push(data.toString('latin1'));
    at = end + 9;
  }
  return out;
}

const hexBytes = (h: string): number[] => (h.replace(/[^0-9a-fA-F]/g, '').match(/../g) ?? []).map((p) => parseInt(p, 16));
const code = (bytes: number[]): number => bytes.reduce((a, b) => a * 256 + b, 0);
function utf16(bytes: number[]): string {
  const units: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) units.push(bytes[i] * 256 + (bytes[i + 1] ?? 0));
  return String.fromCharCode(...units);
}

function readCmap(cmap: string, map: Map<number, string>): void {
  for (const block of cmap.split('beginbfchar').slice(1)) {
    const hexes = [...block.split('endbfchar')[0].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]);
    for (let i = 0; i + 1 < hexes.length; i += 2) map.set(code(hexBytes(hexes[i])), utf16(hexBytes(hexes[i + 1])));
  }
  for (const block of cmap.split('beginbfrange').slice(1)) {
    for (const line of block.split('endbfrange')[0].split('\n')) {
      const h = [...line.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]);
      if (h.length < 3) continue;
      const [lo, hi, base] = [code(hexBytes(h[0])), code(hexBytes(h[1])), utf16(hexBytes(h[2])).codePointAt(0) ?? 0];
      for (let c = lo; c <= hi; c++) map.set(c, String.fromCodePoint(base + c - lo));
    }
  }
}

function show(bytes: number[], map: Map<number, string>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) s += map.get(code(bytes.slice(i, i + 2))) ?? '';
  return s;
}

function readContent(c: string, map: Map<number, string>): string {
  let out = '';
  let inText = false;
  for (let i = 0; i < c.length; ) {
    const ch = c[i];
    if (ch === 'B' && c[i + 1] === 'T') {
      inText = true;
      i += 2;
    } else if (ch === 'E' && c[i + 1] === 'T' && inText) {
      inText = false;
      out += '\n';
      i += 2;
    } else if (ch === '<' && inText && c[i + 1] !== '<') {
      const end = c.indexOf('>', i);
      out += show(hexBytes(c.slice(i + 1, end)), map);
      i = end + 1;
    } else if (ch === '(' && inText) {
      const bytes: number[] = [];
      let depth = 1;
      i++;
      while (i < c.length && depth > 0) {
        const b = c[i];
        if (b === '\\') {
          i++;
          const e = c[i];
          if (/[0-7]/.test(e)) {
            let oct = e;
            while (oct.length < 3 && /[0-7]/.test(c[i + 1])) oct += c[++i];
            bytes.push(parseInt(oct, 8));
          } else bytes.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[e] ?? e.charCodeAt(0));
        } else if (b === '(') {
          depth++;
          bytes.push(40);
        } else if (b === ')') {
          depth--;
          if (depth > 0) bytes.push(41);
        } else bytes.push(b.charCodeAt(0));
        i++;
      }
      out += show(bytes, map);
    } else i++;
  }
  return out;
}

export function pdfText(buf: Buffer): string {
  const all = streams(buf);
  const map = new Map<number, string>();
  for (const s of all) if (s.includes('begincmap')) readCmap(s, map);
  return all
    .filter((s) => !s.includes('begincmap') && s.includes('BT') && s.includes('ET'))
    .map((s) => readContent(s, map))
    .join('');
}
