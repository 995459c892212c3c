import { readFile } from 'node:fs/promises';
import { createPublicKey, KeyObject } from 'node:crypto';
import {
  AnchorRefused,
  IntegrityChecker,
  openAnchor,
  publicKeyFingerprint,
  publicKeyFrom,
  publicKeyPem,
  takeAnchor,
  writeAnchorFile,
} from '@huquq/event-store';
import { AppConfig, signingKeyFrom, Sql, ValidationFailed } from '@huquq/platform';

/** What a command prints as it is (a PEM, an anchor) rather than as one JSON line; `note` goes to stderr. */
export class PlainOutput {
  constructor(
    readonly text: string,
    readonly note?: string,
  ) {}
}

function signingKeyOf(config: AppConfig): KeyObject {
  if (!config.INTEGRITY_SIGNING_KEY) {
    throw new ValidationFailed(
      'INTEGRITY_SIGNING_KEY is not set: an Ed25519 private key, PKCS#8 PEM or DER in base64 ' +
        '(`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`)',
    );
  }
  return signingKeyFrom(config.INTEGRITY_SIGNING_KEY);
}

/** `integrity:public-key`: the public half of the signing key, PEM, to keep apart from the server. */
export function publicKeyCommand(config: AppConfig): PlainOutput {
  return new PlainOutput(publicKeyPem(signingKeyOf(config)));
}

/**
 * `integrity:anchor [--out <file>]`: every stream's head and the log's length, signed. With
 * --out, into that new file, and a summary (counts, the key's fingerprint) is printed; without,
 * the anchor itself goes to stdout (straight to another machine: `… | ssh vault 'cat > a.json'`)
 * and the summary to stderr.
 */
export async function anchorCommand(db: Sql, config: AppConfig, out: string | undefined): Promise<unknown> {
  const anchor = await takeAnchor(db, signingKeyOf(config));
  const { createdAt, publicKeyFingerprint: fingerprint, log, streams } = anchor.contents;
  const summary = {
    createdAt,
    streams: streams.length,
    events: log.events,
    maxGlobalPosition: log.maxGlobalPosition,
    publicKeyFingerprint: fingerprint,
  };
  if (out === undefined) return new PlainOutput(anchor.text, JSON.stringify(summary));
  try {
    await writeAnchorFile(out, anchor);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ValidationFailed(`${out} exists: an anchor is never written over`);
    }
    throw error;
  }
  return { file: out, ...summary };
}

/**
 * `integrity:verify --anchor <file> [--public-key <pem file>]`: the signature first (a forged or
 * altered anchor, or one of another key, is refused and nothing in it believed), then the whole
 * log's chains and every anchored head, and the log's length. valid: false (exit status 2)
 * when anything is wrong, with every bad stream named and why.
 */
export async function verifyAnchoredCommand(
  db: Sql,
  config: AppConfig,
  file: string,
  publicKeyFile: string | undefined,
): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new ValidationFailed(`Cannot read the anchor ${file}: ${error.message}`);
  });
  let publicKey: KeyObject;
  if (publicKeyFile !== undefined) {
    const pem = await readFile(publicKeyFile, 'utf8').catch((error: Error) => {
      throw new ValidationFailed(`Cannot read the public key ${publicKeyFile}: ${error.message}`);
    });
    try {
      publicKey = publicKeyFrom(pem);
    } catch (error) {
      throw new ValidationFailed(`${publicKeyFile}: ${(error as Error).message}`);
    }
  } else {
    publicKey = createPublicKey(signingKeyOf(config));
  }
  const key = {
    publicKey: publicKeyFingerprint(publicKey),
    publicKeyFrom: publicKeyFile ?? 'INTEGRITY_SIGNING_KEY',
    ...(publicKeyFile === undefined && {
      note: 'checked with the key on this server; check with --public-key and the copy kept elsewhere',
    }),
  };

  let contents;
  try {
    contents = openAnchor(text, publicKey);
  } catch (error) {
    if (!(error instanceof AnchorRefused)) throw error;
    return { valid: false, anchor: { file, refused: true, ...key }, problem: error.message };
  }
  const result = await new IntegrityChecker(db).verifyAnchored(contents);
  return {
    ...result,
    anchor: {
      file,
      refused: false,
      createdAt: contents.createdAt,
      streams: contents.streams.length,
      events: contents.log.events,
      maxGlobalPosition: contents.log.maxGlobalPosition,
      ...key,
    },
  };
}
