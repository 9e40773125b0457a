/**
 * Image previews with sharp: it reads the true format and size of png/jpeg/gif/webp files and
 * makes a small WebP preview. Why sharp: it is the maintained standard for this in Node, ships
 * prebuilt libvips binaries inside its npm packages (no download at install, none for Electron
 * either: it is a Node-API addon, so the same binary loads in Electron's main process), and it
 * decodes with shrink-on-load, so a preview of a 40-megapixel photo never holds the full image.
 * A pure-JS decoder (jimp) would hold every pixel in the JS heap and block the event loop.
 */
import type Sharp from 'sharp';
import type { Metadata } from 'sharp';

/** Image formats shown inline, by sharp's name for them. */
const INLINE: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** Longest side of a preview, in pixels (twice the 240 px it is shown at, for sharp screens). */
export const THUMB_SIDE = 480;
/** Bigger images are not decoded (a decompression bomb must not take the host's memory). */
const MAX_PIXELS = 64_000_000;
/**
 * Most bytes of pixels a preview may hold at once. Most images are decoded a few rows at a time,
 * but an interlaced PNG and a GIF frame only whole: a 2.7 MB interlaced PNG of 64 MP in 16-bit
 * RGBA took 512 MB, four such uploads at once took the host to 2.4 GB, and a 44 KB GIF of 64 MP
 * 330 MB. Past this such an image is not shown inline (a client would decode it whole too).
 */
const MAX_WHOLE_DECODE_BYTES = 128 * 1024 * 1024;

/** Whether libvips must hold every pixel of this image to read it. */
const decodedWhole = (m: Metadata) => m.format === 'gif' || (m.format === 'png' && m.isProgressive === true);
/** Bytes per decoded pixel (a GIF frame is decoded to 8-bit RGBA). */
const bytesPerPixel = (m: Metadata) => (m.format === 'gif' ? 4 : (m.channels ?? 4) * (m.depth === 'ushort' ? 2 : 1));

let loading: Promise<typeof Sharp> | undefined;

/**
 * sharp, loaded at the first image: it costs a host start ~0.4 s of CPU, and most starts (every
 * test host, a room without images) never need it.
 */
function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false); // the host previews each file once; a cache would only hold memory
    sharp.concurrency(1); // previews must not take the cores the chat needs
    return sharp;
  });
  return loading;
}

export interface ImageFacts {
  type: string;
  width: number;
  height: number;
}

/**
 * What an image file really is, or undefined when it is not a png/jpeg/gif/webp sharp can read.
 * Width and height are as shown (EXIF orientation applied).
 */
export async function probeImage(path: string): Promise<ImageFacts | undefined> {
  const sharp = await loadSharp();
  try {
    const meta = await sharp(path, { limitInputPixels: MAX_PIXELS }).metadata();
    const type = meta.format ? INLINE[meta.format] : undefined;
    const { width, height } = meta.autoOrient ?? meta;
    if (!type || !width || !height) return undefined;
    if (decodedWhole(meta) && width * height * bytesPerPixel(meta) > MAX_WHOLE_DECODE_BYTES) return undefined;
    return { type, width, height };
  } catch {
    return undefined;
  }
}

/** The previews being made, one after the other. */
let thumbs: Promise<void> = Promise.resolve();

/** Writes a WebP preview of at most {@link THUMB_SIDE} px a side (an animation's first frame). */
export function writeThumb(path: string, out: string): Promise<void> {
  // One preview at a time: each may hold up to MAX_WHOLE_DECODE_BYTES, and libuv's four threads
  // would otherwise run four.
  const mine = thumbs.then(async () => {
    const sharp = await loadSharp();
    await sharp(path, { limitInputPixels: MAX_PIXELS, animated: false })
      .autoOrient()
      .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(out);
  });
  thumbs = mine.catch(() => {});
  return mine;
}
