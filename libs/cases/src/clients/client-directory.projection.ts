import { Projection, StoredEvent } from '@huquq/event-store';
import { Sql } from '@huquq/platform';
import { PersonalFields } from '../shared/personal-fields';
import { CLIENT_EVENT_TYPES, ClientEvent } from './client.events';

/**
 * Clients (their fields still sealed) and their blind-index entries, which intake searches for
 * possible duplicates. The entries are opened from the event here: once a person is erased
 * they can't be, so a rebuild never brings them back.
 */
export class ClientDirectoryProjection implements Projection {
  readonly name = 'client-directory';
  readonly eventTypes: string[] = [...CLIENT_EVENT_TYPES];

  constructor(private readonly personal: PersonalFields) {}

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const event = { type: stored.type, data: stored.data } as ClientEvent;
      const orgId = stored.orgId!;
      if (event.type === 'client-registered') {
        const d = event.data;
        await sql.query(
          `INSERT INTO client_views (client_id, org_id, personal, nationality, language, registered_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id) DO NOTHING`,
          [d.clientId, orgId, JSON.stringify(d.personal), d.nationality, d.language, stored.recordedAt],
        );
        const opened = await this.personal.open({ orgId, subjectId: d.clientId }, 'matchKeys', d.matchKeys);
        if (!opened) continue;
        await sql.query(
          `INSERT INTO client_match_keys (org_id, match_key, client_id)
           SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING`,
          [orgId, JSON.parse(opened), d.clientId],
        );
      } else if (event.type === 'client-personal-data-erased') {
        await sql.query('UPDATE client_views SET personal = NULL, erased = true WHERE client_id = $1', [
          event.data.clientId,
        ]);
        await sql.query('DELETE FROM client_match_keys WHERE client_id = $1', [event.data.clientId]);
      }
    }
  }

  async reset(sql: Sql): Promise<void> {
    await sql.query('DELETE FROM client_match_keys');
    await sql.query('DELETE FROM client_views');
  }
}
