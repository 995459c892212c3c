import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import { ApiError, NetworkError, request } from '../api/client';

/**
 * Appeals kept on this device until the server has acknowledged them. Each is encrypted with
 * AES-GCM under a key WebCrypto made non-extractable: IndexedDB holds the key object, but no
 * script (nor a copied profile folder read by a program) can export its bytes. The item's id is
 * the Idempotency-Key it is sent with, so a send that reached the server and whose answer was
 * lost is answered, not recorded again.
 */
export interface WaitingAppeal {
  id: string;
  userId: string;
  savedAt: string;
  /** The server's refusal (4xx other than 401/409): kept, shown, never silently dropped. */
  refused?: string;
}
interface StoredAppeal extends WaitingAppeal {
  iv: Uint8Array<ArrayBuffer>;
  sealed: ArrayBuffer;
}
export interface Sent {
  id: string;
  caseId: string;
  caseNumber: string;
  possibleDuplicates: string[];
}

let stores: { items: UseStore; keys: UseStore } | null = null;
const open = () =>
  (stores ??= { items: createStore('huquq-outbox', 'appeals'), keys: createStore('huquq-keys', 'keys') });

async function deviceKey(): Promise<CryptoKey> {
  const { keys } = open();
  const existing = await get<CryptoKey>('outbox', keys);
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  await set('outbox', key, keys);
  return key;
}

export async function keep(userId: string, body: unknown): Promise<string> {
  const id = crypto.randomUUID();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(body));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await deviceKey(), plain);
  const item: StoredAppeal = { id, userId, savedAt: new Date().toISOString(), iv, sealed };
  await set(id, item, open().items);
  changed();
  return id;
}

export async function waiting(): Promise<WaitingAppeal[]> {
  const all = await entries<string, StoredAppeal>(open().items);
  return all
    .map(([, { id, userId, savedAt, refused }]) => ({ id, userId, savedAt, refused }))
    .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

async function unseal(item: StoredAppeal): Promise<unknown> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: item.iv }, await deviceKey(), item.sealed);
  return JSON.parse(new TextDecoder().decode(plain));
}

const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());
export const onOutboxChange = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/**
 * Sends this user's waiting appeals, oldest first, one sender at a time across the device's
 * tabs (Web Locks), and deletes each once the server answered 201. Stops at the first lost
 * connection or ended session; what was not acknowledged stays.
 */
export interface Refused {
  id: string;
  error: ApiError;
}
export async function sendWaiting(
  userId: string,
  onSent: (sent: Sent) => void = () => undefined,
): Promise<{ refused: Refused[] }> {
  const refused: Refused[] = [];
  const run = async () => {
    const { items } = open();
    for (const meta of await waiting()) {
      if (meta.userId !== userId || meta.refused) continue;
      const item = await get<StoredAppeal>(meta.id, items);
      if (!item) continue;
      try {
        const res = await request('POST', '/v1/appeals', {
          body: await unseal(item),
          idempotencyKey: item.id,
        });
        const answer = (await res.json()) as Omit<Sent, 'id'>;
        await del(item.id, items);
        changed();
        onSent({ id: item.id, ...answer });
      } catch (error) {
        if (error instanceof NetworkError) return;
        if (error instanceof ApiError && error.status !== 401 && error.status < 500 && error.status !== 429) {
          const problems = error.fieldProblems.map((p) => `${p.field}: ${p.problem}`).join('; ');
          await set(item.id, { ...item, refused: problems || error.message }, items);
          refused.push({ id: item.id, error });
          changed();
          continue;
        }
        return;
      }
    }
  };
  if ('locks' in navigator) await navigator.locks.request('huquq-outbox', run);
  else await run();
  return { refused };
}

/** A refused appeal, once the worker has read it and re-entered it: removed on purpose. */
export async function discard(id: string): Promise<void> {
  await del(id, open().items);
  changed();
}
