import { Projection, StoredEvent } from '@huquq/event-store';
import { Sql } from '@huquq/platform';
import { CLIENT_EVENT_TYPES, ClientRegistered } from './client.events';

/** Clients and their blind-index entries, which intake searches for possible duplicates. */
export class ClientDirectoryProjection implements Projection {
  readonly name = 'client-directory';
  readonly eventTypes: string[] = [...CLIENT_EVENT_TYPES];

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'client-registered') continue;
      const d = (event as StoredEvent<ClientRegistered['data']>).data;
      await sql.query(
        `INSERT INTO client_views (client_id, org_id, personal, nationality, language, registered_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id) DO NOTHING`,
        [d.clientId, event.orgId, JSON.stringify(d.personal), d.nationality, d.language, event.recordedAt],
      );
      await sql.query(
        `INSERT INTO client_match_keys (org_id, match_key, client_id)
         SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING`,
        [event.orgId, d.matchKeys, d.clientId],
      );
    }
  }

  async reset(sql: Sql): Promise<void> {
    await sql.query('DELETE FROM client_match_keys');
    await sql.query('DELETE FROM client_views');
  }
}
