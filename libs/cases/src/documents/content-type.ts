/**
 * A document's type, from its first bytes: never from its name or the type its sender claims.
 * Only the kinds an office receives are taken; anything else (an executable, an archive, a
 * script) is refused with 415.
 */
export const SNIFF_BYTES = 4096;

const startsWith = (bytes: Buffer, signature: number[] | string, at = 0) => {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= at + expected.length && bytes.subarray(at, at + expected.length).equals(expected);
};

/** HEIF brands a phone's camera writes (ISO BMFF `ftyp` box at offset 4). */
const HEIC_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];

const OFFICE_PARTS: Array<[string, string]> = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

/** A ZIP is taken only as an office document: OOXML names its parts, ODF stores its type first. */
function officeType(bytes: Buffer): string | null {
  const text = bytes.toString('latin1');
  // ODF stores an uncompressed `mimetype` entry first: its name right after the 30-byte header.
  const odf = /^mimetype(application\/vnd\.oasis\.opendocument\.[a-z.]+)/.exec(text.slice(30));
  if (odf) return odf[1];
  if (!text.includes('[Content_Types].xml') && !text.includes('_rels/.rels')) return null;
  return OFFICE_PARTS.find(([part]) => text.includes(part))?.[1] ?? null;
}

/** Text in UTF-8 without control characters other than tab, line breaks and form feed. */
function isPlainText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  for (const byte of bytes) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  try {
    // `stream` tolerates a character cut in two at the end of the sniffed bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The content type of a document starting with `bytes` (up to SNIFF_BYTES), or null: refused. */
export function contentTypeOf(bytes: Buffer): string | null {
  if (startsWith(bytes, '%PDF-')) return 'application/pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 'ftyp', 4) && HEIC_BRANDS.includes(bytes.toString('latin1', 8, 12)))
    return 'image/heic';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeType(bytes);
  if (isPlainText(bytes)) return 'text/plain; charset=utf-8';
  return null;
}
