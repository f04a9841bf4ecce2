import { gzipSync } from 'zlib';

/*
 * A minimal ustar writer: enough for the tarball endpoint, whose archives
 * Backstage's readTree unpacks (GitHub's have one top-level directory named
 * {owner}-{repo}-{short sha}).
 */

function header(
  name: string,
  size: number,
  mtime: number,
  dir: boolean,
): Buffer {
  const h = Buffer.alloc(512, 0);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const put = (value: string, offset: number, length: number) =>
    h.write(value, offset, length, 'utf8');
  const octal = (n: number, length: number) =>
    n.toString(8).padStart(length - 1, '0');
  put(base, 0, 100);
  put(octal(dir ? 0o755 : 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtime / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put(dir ? '5' : '0', 156, 1);
  put('ustar\u000000', 257, 8);
  put('root', 265, 32);
  put('root', 297, 32);
  put(prefix, 345, 155);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8);
  return h;
}

export function tarGz(
  entries: Array<{ path: string; content?: Buffer }>,
  mtime: number,
): Buffer {
  const chunks: Buffer[] = [];
  for (const e of entries) {
    const dir = e.content === undefined;
    const size = dir ? 0 : e.content!.length;
    chunks.push(header(dir ? `${e.path}/` : e.path, size, mtime, dir));
    if (!dir) {
      chunks.push(e.content!);
      const pad = (512 - (size % 512)) % 512;
      if (pad) chunks.push(Buffer.alloc(pad, 0));
    }
  }
  chunks.push(Buffer.alloc(1024, 0));
  return gzipSync(Buffer.concat(chunks));
}
