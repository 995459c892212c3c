import { Client } from 'pg';
import { Database } from '@huquq/platform';

/** The channel the events table's statement trigger notifies at each commit that appends. */
const EVENTS_CHANNEL = 'huquq_events';

export interface EventNotificationsOptions {
  /** First wait before reconnecting; doubles per failed attempt up to `maxReconnectDelayMs`. */
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Told of every lost or failed connection; the lead wires a logger here. */
  onError?: (error: unknown) => void;
  /** Another channel than the log's (the sessions' notices); its payload reaches the listeners. */
  channel?: string;
}

/**
 * Told "look again": with the notice's payload, or with none after a (re)connection, when
 * notices may have been missed and everything must be looked at again.
 */
export type WakeListener = (payload?: string) => void;

/**
 * Wakes readers of the log as soon as events commit, so they need not poll fast. A wake says
 * only "look again": notifications carry no payload and may be lost while disconnected, which
 * is why each (re)connection also wakes everyone and why readers keep a slow poll as well.
 */
export class EventNotifications {
  private readonly url: string;
  private readonly listeners = new Set<WakeListener>();
  /** The connection being opened or in use; any other one is on its way out. */
  private current: Client | null = null;
  private connected = false;
  private running = false;
  private failedAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    source: Database | string,
    private readonly options: EventNotificationsOptions = {},
  ) {
    this.url = typeof source === 'string' ? source : source.url;
  }

  get listening(): boolean {
    return this.connected;
  }

  onWake(listener: WakeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves once listening, or after the first attempt failed and a reconnect is scheduled. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.current;
    this.current = null;
    this.connected = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.url,
      application_name: 'huquq-event-notifications',
      keepAlive: true,
      // A server that does not answer at all must not hold the reconnect loop for minutes.
      connectionTimeoutMillis: 5000,
    });
    this.current = client;
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.wake(message.payload || undefined);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('The notification connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (client !== this.current) {
      // stop() ran meanwhile.
      await client.end().catch(() => undefined);
      return;
    }
    this.connected = true;
    this.failedAttempts = 0;
    // Whatever committed while nobody listened raised no notification for us.
    this.wake();
  }

  private lost(client: Client, error: unknown): void {
    // A dropped connection reports both 'error' and 'end': only the first one counts, and only
    // for the current connection (a stopped one also ends).
    if (client !== this.current) return;
    this.current = null;
    this.connected = false;
    client.end().catch(() => undefined);
    if (!this.running) return;
    this.options.onError?.(error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const min = this.options.minReconnectDelayMs ?? 100;
    // Capped low: once the database is back, readers are woken within seconds (they poll meanwhile).
    const max = this.options.maxReconnectDelayMs ?? 5000;
    const delay = Math.min(max, min * 2 ** this.failedAttempts);
    this.failedAttempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running) void this.connect();
    }, delay);
  }

  private get channel(): string {
    return this.options.channel ?? EVENTS_CHANNEL;
  }

  private wake(payload?: string): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(payload);
      } catch {
        // One broken listener must not keep the others asleep.
      }
    }
  }
}
