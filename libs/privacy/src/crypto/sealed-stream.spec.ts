import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DecryptionFailed } from './aes-gcm';
import { openingStream, SEALED_CHUNK_BYTES, sealingStream } from './sealed-stream';

const key = randomBytes(32);
const binding = 'org|subject|file.1';
const HEADER = 12;
const FRAME = SEALED_CHUNK_BYTES + 16;

async function through(
  transform: NodeJS.ReadWriteStream,
  input: Buffer,
  pieceBytes = 10_000,
): Promise<Buffer> {
  const out: Buffer[] = [];
  const pieces = [];
  for (let i = 0; i < input.length; i += pieceBytes) pieces.push(input.subarray(i, i + pieceBytes));
  await pipeline(Readable.from(pieces), transform, async (source: AsyncIterable<Buffer | string>) => {
    for await (const chunk of source) out.push(Buffer.from(chunk));
  });
  return Buffer.concat(out);
}

const seal = (plain: Buffer) => through(sealingStream(key, binding), plain);
const open = (sealed: Buffer, as = binding) => through(openingStream(key, as), sealed, 7_777);

describe('files sealed in chunks', () => {
  it.each([
    0,
    1,
    SEALED_CHUNK_BYTES - 1,
    SEALED_CHUNK_BYTES,
    SEALED_CHUNK_BYTES + 1,
    3 * SEALED_CHUNK_BYTES + 5,
  ])('round-trips %i bytes', async (size) => {
    const plain = randomBytes(size);
    const sealed = await seal(plain);
    expect(sealed.length).toBe(HEADER + Math.max(1, Math.ceil(size / SEALED_CHUNK_BYTES)) * 16 + size);
    expect((await open(sealed)).equals(plain)).toBe(true);
  });

  it('does not show the plaintext', async () => {
    const plain = Buffer.from('Решение суда по делу Каримова '.repeat(5000));
    const sealed = await seal(plain);
    expect(sealed.includes(Buffer.from('Каримова'))).toBe(false);
  });

  const threeChunks = () => seal(randomBytes(2 * SEALED_CHUNK_BYTES + 100));

  it('refuses a chunk altered by one bit', async () => {
    const sealed = await threeChunks();
    sealed[HEADER + FRAME + 10] ^= 1;
    await expect(open(sealed)).rejects.toBeInstanceOf(DecryptionFailed);
  });

  it('refuses a file cut off after a whole chunk', async () => {
    const sealed = await threeChunks();
    await expect(open(sealed.subarray(0, HEADER + 2 * FRAME))).rejects.toBeInstanceOf(DecryptionFailed);
  });

  it('refuses chunks swapped', async () => {
    const sealed = await threeChunks();
    const swapped = Buffer.concat([
      sealed.subarray(0, HEADER),
      sealed.subarray(HEADER + FRAME, HEADER + 2 * FRAME),
      sealed.subarray(HEADER, HEADER + FRAME),
      sealed.subarray(HEADER + 2 * FRAME),
    ]);
    await expect(open(swapped)).rejects.toBeInstanceOf(DecryptionFailed);
  });

  it('refuses a file opened as another one', async () => {
    const sealed = await threeChunks();
    await expect(open(sealed, 'org|subject|file.2')).rejects.toBeInstanceOf(DecryptionFailed);
  });
});
