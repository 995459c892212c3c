import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { KeySubject } from '../personal-data-protector';
import { DecryptionFailed, GCM_IV_BYTES, GCM_TAG_BYTES } from './aes-gcm';
import type { SubjectKeyStore } from './key-store';
import { canonicalSubject, fieldAad } from './subject';

/**
 * Files too large to seal as one value (a scanned court ruling): AES-256-GCM over 64 KiB chunks,
 * so neither side ever holds more than a chunk or two in memory.
 *
 * Layout: `HQS1` + an 8-byte random prefix, then per chunk its ciphertext and 16-byte tag. A
 * chunk's IV is the prefix and the chunk's number (4 bytes): never reused under one key, as
 * each file draws its own prefix. Its AAD binds the subject, the file's id, the chunk's number
 * and whether it is the last one, so a chunk moved, swapped, dropped or cut off at the end
 * fails to open, as does the whole file moved to another person or id.
 */
const MAGIC = Buffer.from('HQS1');
const PREFIX_BYTES = GCM_IV_BYTES - 4;
const HEADER_BYTES = MAGIC.length + PREFIX_BYTES;
export const SEALED_CHUNK_BYTES = 64 * 1024;
const FRAME_BYTES = SEALED_CHUNK_BYTES + GCM_TAG_BYTES;
/** 2^32 chunks of 64 KiB: 256 TiB, far beyond any upload limit. */
const MAX_CHUNKS = 2 ** 32;

const ivOf = (prefix: Buffer, index: number) => {
  const iv = Buffer.alloc(GCM_IV_BYTES);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(index, PREFIX_BYTES);
  return iv;
};
const aadOf = (binding: string, index: number, final: boolean) =>
  Buffer.from(`${binding}|${index}|${final ? 'last' : 'more'}`);

/** What a file's chunks are bound to: `org|subject|file.<id>`. */
const bindingOf = (subject: KeySubject, fileId: string) =>
  fieldAad(canonicalSubject(subject), `file.${fileId.toLowerCase()}`);

/** Seals what is written into it; the output is the file to store. */
export function sealingStream(key: Buffer, binding: string): Transform {
  const prefix = randomBytes(PREFIX_BYTES);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  const chunk = (plain: Buffer, final: boolean): Buffer => {
    if (index >= MAX_CHUNKS) throw new RangeError('too many chunks for one sealed file');
    const cipher = createCipheriv('aes-256-gcm', key, ivOf(prefix, index));
    cipher.setAAD(aadOf(binding, index, final));
    index += 1;
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  let started = false;
  return new Transform({
    transform(data: Buffer, _encoding, done: TransformCallback) {
      if (!started) {
        this.push(Buffer.concat([MAGIC, prefix]));
        started = true;
      }
      pending.push(data);
      pendingBytes += data.length;
      // A chunk is sealed as "not the last" only once a byte after it has arrived.
      if (pendingBytes > SEALED_CHUNK_BYTES) {
        let all = Buffer.concat(pending, pendingBytes);
        while (all.length > SEALED_CHUNK_BYTES) {
          this.push(chunk(all.subarray(0, SEALED_CHUNK_BYTES), false));
          all = all.subarray(SEALED_CHUNK_BYTES);
        }
        pending = [all];
        pendingBytes = all.length;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(Buffer.concat([MAGIC, prefix]));
      this.push(chunk(Buffer.concat(pending, pendingBytes), true));
      done();
    },
  });
}

/** Opens a sealed file; errors with DecryptionFailed at the first chunk that does not open. */
export function openingStream(key: Buffer, binding: string): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let prefix: Buffer | null = null;
  let index = 0;
  const chunk = (frame: Buffer, final: boolean): Buffer => {
    if (frame.length < GCM_TAG_BYTES || !prefix) throw new DecryptionFailed('malformed');
    const decipher = createDecipheriv('aes-256-gcm', key, ivOf(prefix, index));
    decipher.setAAD(aadOf(binding, index, final));
    decipher.setAuthTag(frame.subarray(frame.length - GCM_TAG_BYTES));
    index += 1;
    const plain = decipher.update(frame.subarray(0, frame.length - GCM_TAG_BYTES));
    try {
      return Buffer.concat([plain, decipher.final()]);
    } catch {
      throw new DecryptionFailed('unauthentic');
    }
  };
  return new Transform({
    transform(data: Buffer, _encoding, done: TransformCallback) {
      buffered = buffered.length ? Buffer.concat([buffered, data]) : data;
      try {
        if (!prefix) {
          if (buffered.length < HEADER_BYTES) return done();
          if (!buffered.subarray(0, MAGIC.length).equals(MAGIC)) throw new DecryptionFailed('malformed');
          prefix = Buffer.from(buffered.subarray(MAGIC.length, HEADER_BYTES));
          buffered = buffered.subarray(HEADER_BYTES);
        }
        // Only a frame followed by more bytes is known not to be the last.
        while (buffered.length > FRAME_BYTES) {
          this.push(chunk(buffered.subarray(0, FRAME_BYTES), false));
          buffered = buffered.subarray(FRAME_BYTES);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!prefix) throw new DecryptionFailed('malformed');
        this.push(chunk(buffered, true));
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/**
 * Seals and opens files under their subject's data key, as EnvelopeProtector does values:
 * erasing the subject makes every file of theirs noise.
 */
export class FileSealer {
  constructor(private readonly keys: SubjectKeyStore) {}

  /** Makes the subject's key on first use; throws SubjectErased for an erased subject. */
  async sealing(subject: KeySubject, fileId: string): Promise<Transform> {
    const key = await this.keys.keyFor(canonicalSubject(subject), { create: true });
    if (!key) throw new Error('no data key after creating one');
    return sealingStream(key, bindingOf(subject, fileId));
  }

  /** null once the subject is erased (or has no key here). */
  async opening(subject: KeySubject, fileId: string): Promise<Transform | null> {
    const key = await this.keys.keyFor(canonicalSubject(subject), { create: false });
    return key ? openingStream(key, bindingOf(subject, fileId)) : null;
  }
}
