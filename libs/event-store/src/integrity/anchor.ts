import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import type { QueryResult } from 'pg';
import { Sql } from '@huquq/platform';
import type { AnchoredLog } from './integrity-checker';

/**
 * Signed integrity anchors (docs/decisions/0019). A hash chain cannot show a stream whose last
 * events were rewritten and re-hashed, cut off, or deleted whole (0006): nothing after them
 * points back. An anchor records, at one moment, every stream's head (id, version, hash) and
 * the log's length, signed with an Ed25519 key that is not in the database. Kept off the
 * server, it lets `integrity:verify --anchor` find exactly those edits later.
 *
 * An anchor holds no personal data: stream ids (`case-<uuid>`, `client-<uuid>`, …), versions,
 * SHA-256 hashes of events as stored (their personal fields are ciphertext), counts, a time and
 * the fingerprint of the public key.
 */
export const ANCHOR_FORMAT = 'huquq-integrity-anchor-1';

export interface AnchoredHead {
  streamId: string;
  /** The stream's last version when anchored. */
  version: number;
  /** Hex SHA-256 of that event as stored (its `hash` column). */
  hash: string;
}

/** What is signed: canonical JSON of exactly this (keys sorted, no white space). */
export interface AnchorContents extends AnchoredLog {
  format: typeof ANCHOR_FORMAT;
  /** When reading began (ISO 8601, UTC): the log had at least `log` then. */
  createdAt: string;
  /** sha256:<hex> of the public key (SPKI DER) that verifies the signature. */
  publicKeyFingerprint: string;
  log: { events: number; maxGlobalPosition: number };
  /** Every stream's head, in code-unit order of the stream id. */
  streams: AnchoredHead[];
}

export interface SignedAnchor {
  contents: AnchorContents;
  /** The file: `{"anchor": {…}, "signature": {"algorithm": "Ed25519", "value": <base64>}}`, a stream a line. */
  text: string;
}

/** The anchor cannot be trusted: not an anchor, altered, forged, or signed by another key. */
export class AnchorRefused extends Error {
  override readonly name = 'AnchorRefused';
}

const DEFAULT_STREAMS_PER_PAGE = 5000;

// Every stream's head, a page of streams at a time, in one ordered pass over the unique index
// (stream_id, stream_version): a loose index scan hops from one stream id to the next (one
// probe per stream, however long the stream), then reads that stream's last event (one more).
// Short keyset pages, as the checker reads, so no snapshot is held open for long (0002).
const heads = (where: string) => `
  WITH RECURSIVE ids(stream_id) AS (
    (SELECT stream_id FROM events ${where} ORDER BY stream_id LIMIT 1)
    UNION ALL
    SELECT (SELECT e.stream_id FROM events e WHERE e.stream_id > ids.stream_id ORDER BY e.stream_id LIMIT 1)
    FROM ids WHERE ids.stream_id IS NOT NULL
  )
  SELECT head.stream_id, head.stream_version, head.hash
  FROM (SELECT stream_id FROM ids WHERE stream_id IS NOT NULL LIMIT $1) AS page
  CROSS JOIN LATERAL (
    SELECT e.stream_id, e.stream_version, e.hash FROM events e
    WHERE e.stream_id = page.stream_id ORDER BY e.stream_version DESC LIMIT 1
  ) AS head`;
const FIRST_HEADS = heads('');
const NEXT_HEADS = heads('WHERE stream_id > $2');

interface HeadRow {
  stream_id: string;
  stream_version: number;
  hash: Buffer;
}

/**
 * Reads the log's length, then every stream's head, and signs the lot. Read-only; appends may
 * go on meanwhile (a stream's head is then the one its page saw, never less than at the start).
 */
export async function takeAnchor(
  sql: Sql,
  signingKey: KeyObject,
  options: { now?: Date; streamsPerPage?: number } = {},
): Promise<SignedAnchor> {
  const createdAt = (options.now ?? new Date()).toISOString();
  const perPage = options.streamsPerPage ?? DEFAULT_STREAMS_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1) throw new Error('streamsPerPage must be a whole number ≥ 1');

  const { rows: lengths } = await sql.query<{ events: string; max_global_position: string }>(
    'SELECT count(*) AS events, coalesce(max(global_position), 0) AS max_global_position FROM events',
  );
  const log = {
    events: safeInteger(lengths[0].events),
    maxGlobalPosition: safeInteger(lengths[0].max_global_position),
  };

  const streams: AnchoredHead[] = [];
  for (let after: string | null = null; ;) {
    const page: Promise<QueryResult<HeadRow>> =
      after === null
        ? sql.query<HeadRow>(FIRST_HEADS, [perPage])
        : sql.query<HeadRow>(NEXT_HEADS, [perPage, after]);
    const { rows } = await page;
    for (const row of rows) {
      streams.push({ streamId: row.stream_id, version: row.stream_version, hash: row.hash.toString('hex') });
    }
    if (rows.length < perPage) break;
    after = rows[rows.length - 1].stream_id;
  }
  // The database's collation ordered the pages; the file is in plain code-unit order, so the
  // same log gives the same anchor wherever it is read.
  streams.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));

  const contents: AnchorContents = {
    format: ANCHOR_FORMAT,
    createdAt,
    publicKeyFingerprint: publicKeyFingerprint(signingKey),
    log,
    streams,
  };
  const signature = sign(null, Buffer.from(canonicalJson(contents), 'utf8'), signingKey).toString('base64');
  const text =
    `{"anchor":${canonicalJson(contents, { streamPerLine: true })},\n` +
    `"signature":${canonicalJson({ algorithm: 'Ed25519', value: signature })}}\n`;
  return { contents, text };
}

/**
 * Checks an anchor file's signature with the public key, before anything in it is believed;
 * returns its contents or throws AnchorRefused saying why. White space does not matter: the
 * contents are read, written again canonically, and that is what the signature must match.
 */
export function openAnchor(text: string, publicKey: KeyObject): AnchorContents {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw new AnchorRefused('the anchor is not JSON: not an anchor file, or damaged');
  }
  if (
    !isRecord(file) ||
    !isRecord(file.anchor) ||
    !isRecord(file.signature) ||
    file.signature.algorithm !== 'Ed25519' ||
    typeof file.signature.value !== 'string'
  ) {
    throw new AnchorRefused('not a huquq integrity anchor: it has no anchor and Ed25519 signature');
  }
  const ours = publicKeyFingerprint(publicKey);
  let signed = false;
  try {
    const message = Buffer.from(canonicalJson(file.anchor), 'utf8');
    signed = verify(null, message, publicKey, Buffer.from(file.signature.value, 'base64'));
  } catch {
    signed = false;
  }
  if (!signed) {
    const claimed = file.anchor.publicKeyFingerprint;
    throw new AnchorRefused(
      typeof claimed === 'string' && claimed !== ours
        ? `the anchor's signature does not verify with public key ${ours}; it names key ${claimed}: ` +
            'a wrong public key, or a forged anchor'
        : `the anchor's signature does not verify with public key ${ours}: the anchor was altered or forged`,
    );
  }
  const contents = file.anchor;
  if (!isAnchorContents(contents)) {
    throw new AnchorRefused(`the anchor is signed by ${ours} but is not of format ${ANCHOR_FORMAT}`);
  }
  return contents;
}

/** sha256:<hex> over the public key's SPKI DER (a private key: over its public half). */
export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** The public half of the signing key, as PEM, to keep apart from the server. */
export function publicKeyPem(signingKey: KeyObject): string {
  return createPublicKey(signingKey).export({ format: 'pem', type: 'spki' }).toString();
}

/** A public key given as PEM (`integrity:public-key`'s output); only Ed25519. */
export function publicKeyFrom(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new AnchorRefused('the public key is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AnchorRefused('the public key is not an Ed25519 key');
  return key;
}

/**
 * JSON with object keys sorted by code unit and no white space (RFC 8785 for the values an
 * anchor holds: strings, whole numbers, objects, arrays). `streamPerLine` only adds line
 * breaks between the elements of arrays of objects, for a file one can grep; it is never signed.
 */
function canonicalJson(value: unknown, options: { streamPerLine?: boolean } = {}): string {
  const write = (v: unknown): string => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new Error('an anchor holds whole numbers only');
      return String(v);
    }
    if (Array.isArray(v)) {
      const items = v.map(write);
      const lines = options.streamPerLine && v.length > 0 && v.every(isRecord);
      return lines ? `[\n${items.join(',\n')}\n]` : `[${items.join(',')}]`;
    }
    if (isRecord(v)) {
      const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(v[k])}`).join(',')}}`;
    }
    throw new Error(`an anchor cannot hold a ${typeof v}`);
  };
  return write(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isAnchorContents(value: Record<string, unknown>): value is AnchorContents & Record<string, unknown> {
  const { format, createdAt, publicKeyFingerprint: fingerprint, log, streams } = value;
  return (
    format === ANCHOR_FORMAT &&
    typeof createdAt === 'string' &&
    !Number.isNaN(Date.parse(createdAt)) &&
    typeof fingerprint === 'string' &&
    isRecord(log) &&
    isCount(log.events) &&
    isCount(log.maxGlobalPosition) &&
    Array.isArray(streams) &&
    streams.every(
      (head) =>
        isRecord(head) &&
        typeof head.streamId === 'string' &&
        isCount(head.version) &&
        (head.version as number) >= 1 &&
        typeof head.hash === 'string' &&
        /^[0-9a-f]{64}$/.test(head.hash),
    )
  );
}

function safeInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`${text} is beyond what an anchor records exactly`);
  return n;
}
