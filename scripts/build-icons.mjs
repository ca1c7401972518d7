// Draws the console's icon (a package on Primer's accent blue) and writes public/favicon.ico (16 and
// 32 px PNGs inside an ICO) and public/apple-touch-icon.png (180 px). No image library: the shapes are
// sampled 8×8 per pixel for smooth edges and written as RGBA PNGs with node:zlib.
// Run after changing the drawing: node scripts/build-icons.mjs (the files are committed; the browser
// caches them for a year, so a changed icon also needs new file names in proxy.ts and next.config.js).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [9, 105, 218]; // Primer accent emphasis (#0969da)
const WHITE = [255, 255, 255];
const SAMPLES = 8;

const inRect = (x, y, [x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1;
function inRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** The colour at (x, y) in the unit square, or null outside the icon. */
function colourAt(x, y, { rounded }) {
  if (rounded && !inRoundedSquare(x, y, 0.2)) return null;
  const lid = [0.16, 0.2, 0.84, 0.38];
  const body = [0.22, 0.44, 0.78, 0.82];
  const strap = [0.45, 0, 0.55, 1];
  const onBox = (inRect(x, y, lid) || inRect(x, y, body)) && !inRect(x, y, strap);
  return onBox ? WHITE : BLUE;
}

function render(size, options) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const colour = colourAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, options);
          if (!colour) continue;
          colour.forEach((value, index) => (sum[index] += value));
          sum[3] += 1;
        }
      }
      const offset = (py * size + px) * 4;
      const covered = sum[3];
      for (let index = 0; index < 3; index += 1) rgba[offset + index] = covered ? Math.round(sum[index] / covered) : 0;
      rgba[offset + 3] = Math.round((covered / SAMPLES ** 2) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, options) {
  const rgba = render(size, options);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter 0 per row
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** An ICO holding PNG images (read by every current browser). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size % 256, entry);
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.data)]);
}

const publicDir = new URL('../public/', import.meta.url);
writeFileSync(new URL('favicon.ico', publicDir), ico([16, 32].map((size) => ({ size, data: png(size, { rounded: true }) }))));
// iOS rounds the corners itself and shows transparency as black: a full square.
writeFileSync(new URL('apple-touch-icon.png', publicDir), png(180, { rounded: false }));
console.log('build-icons: public/favicon.ico (16, 32 px), public/apple-touch-icon.png (180 px)');
