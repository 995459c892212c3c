import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { portOf } from '../../support/raw-http';
import { bearer, TestApp } from '../../support/test-app';

export const MIB = 1024 * 1024;
export const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
/** A marker that must never be found in a stored file, an event, or the logs. */
export const SECRET_NAME = 'Решение_суда_Каримов.pdf';

/** A PDF of `size` bytes whose body repeats a readable line, so plaintext on disk would show. */
export function pdfOf(size: number): Buffer {
  const line = Buffer.from('Постановление о выдворении Каримова Ёдгора. ');
  const pdf = Buffer.alloc(size);
  Buffer.from('%PDF-1.7\n').copy(pdf);
  for (let at = 9; at < size; at += line.length) line.copy(pdf, at);
  return pdf;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface Downloaded {
  status: number;
  body: Buffer;
  /** false when the connection ended before the body announced in Content-Length did. */
  complete: boolean;
}

/** A download as raw bytes, telling a response cut short from a whole one. */
export async function download(t: TestApp, path: string, token: string): Promise<Downloaded> {
  const port = await portOf(t.server);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', path, headers: bearer(token) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      const done = () =>
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks), complete: res.complete });
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });
    req.on('error', reject);
    req.end();
  });
}
