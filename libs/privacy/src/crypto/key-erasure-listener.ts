import { Client } from 'pg';
import { KEY_ERASED_CHANNEL, SubjectKeyStore } from './key-store';

/**
 * Keeps this process's key cache honest: an erasure done by any process is announced at commit,
 * and the cached key is dropped here at once, not when its cache entry would expire. If the
 * connection drops, notices may have been missed, so the whole cache is dropped on reconnect.
 */
export class KeyErasureListener {
  #client: Client | null = null;
  #stopped = true;
  #retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly keys: SubjectKeyStore,
  ) {}

  async start(): Promise<void> {
    this.#stopped = false;
    await this.connect().catch(() => this.scheduleReconnect());
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    client.on('notification', (message) => {
      if (message.channel === KEY_ERASED_CHANNEL && message.payload) this.keys.forget(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_ERASED_CHANNEL}`);
    } catch (error) {
      // Connected but not listening (the server went away meanwhile): not a connection to keep.
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#stopped) {
      await client.end();
      return;
    }
    this.#client = client;
    this.keys.forgetAll();
  }

  private lost(client: Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    this.keys.forgetAll();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.#stopped || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.connect().catch(() => this.scheduleReconnect());
    }, 1000);
    this.#retry.unref();
  }
}
