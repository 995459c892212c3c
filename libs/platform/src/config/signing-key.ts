import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';

/**
 * The Ed25519 key that signs integrity anchors (docs/decisions/0019). Given as PKCS#8, either
 * PEM (`-----BEGIN PRIVATE KEY-----`) or its DER bytes in base64 on one line, which fits an
 * environment variable: `openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`.
 */
export function signingKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey({ key: trimmed, format: 'pem' })
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

/** Whether the text is an Ed25519 private key signingKeyFrom reads; never says why (no key in a message). */
export function isSigningKey(text: unknown): boolean {
  if (typeof text !== 'string' || text.trim() === '') return false;
  try {
    signingKeyFrom(text);
    return true;
  } catch {
    return false;
  }
}

/** A new signing key as one line: PKCS#8 DER in base64 (what development generates once). */
export function generateSigningKey(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}
