import { Projection, StoredEvent } from '@huquq/event-store';
import { Sql } from '@huquq/platform';
import { PersonalFields } from '../shared/personal-fields';
import { CLIENT_EVENT_TYPES, ClientEvent, ClientRegistered } from '../domain/client.events';

type Registration = StoredEvent<ClientRegistered['data']>;

/**
 * Clients (their fields still sealed) and their blind-index entries, which intake searches for
 * possible duplicates. The entries are opened from the event here: once a person is erased
 * they can't be, so a rebuild never brings them back.
 *
 * Registrations are written a page at a time: their entries opened with one key lookup for all
 * the people of the page, then one insert of clients and one of entries. An erasure is applied
 * in its place, after the registrations before it.
 */
export class ClientDirectoryProjection implements Projection {
  readonly name = 'client-directory';
  /** The next appeal's duplicate search reads it: written with the registration. */
  readonly inline = true;
  readonly eventTypes: string[] = [...CLIENT_EVENT_TYPES];
  /**
   * Built after a full rebuild's replay, not entry by entry on random hashes (docs/decisions/0153):
   * the entries are written with a bare ON CONFLICT DO NOTHING, and their readers (the duplicate
   * search, clients search, erasure) are right with a second copy of a row until the key is back.
   */
  readonly deferredKeys = ['client_match_keys_pkey'];

  constructor(private readonly personal: PersonalFields) {}

  async apply(sql: Sql, events: StoredEvent[]): Promise<void> {
    let registrations: Registration[] = [];
    for (const stored of events) {
      const event = { type: stored.type, data: stored.data } as ClientEvent;
      if (event.type === 'client-registered') {
        registrations.push(stored as Registration);
        continue;
      }
      // Anything else applies in its place, after the registrations before it.
      await this.register(sql, registrations);
      registrations = [];
      await this.applyOne(sql, stored.orgId!, event);
    }
    await this.register(sql, registrations);
  }

  async reset(sql: Sql): Promise<void> {
    await sql.query('TRUNCATE client_match_keys, client_views, client_pairs');
  }

  private async applyOne(sql: Sql, orgId: string, event: ClientEvent): Promise<void> {
    switch (event.type) {
      case 'client-personal-data-erased':
        await sql.query('UPDATE client_views SET personal = NULL, erased = true WHERE client_id = $1', [
          event.data.clientId,
        ]);
        await sql.query('DELETE FROM client_match_keys WHERE client_id = $1', [event.data.clientId]);
        return;
      case 'client-same-person-confirmed':
        return this.judge(sql, orgId, event.data.clientId, event.data.otherClientId, 'same');
      case 'client-not-same-person-recorded':
        return this.judge(sql, orgId, event.data.clientId, event.data.otherClientId, 'different');
      case 'client-merged':
        await sql.query('UPDATE client_views SET merged_into = $2 WHERE client_id = $1', [
          event.data.clientId,
          event.data.intoClientId,
        ]);
        return this.judge(sql, orgId, event.data.clientId, event.data.intoClientId, 'same');
    }
  }

  /** Both directions, the latest verdict winning: a repeat (the other stream's event) changes nothing. */
  private async judge(sql: Sql, orgId: string, a: string, b: string, verdict: 'same' | 'different') {
    await sql.query(
      `INSERT INTO client_pairs (org_id, client_id, other_client_id, verdict)
       VALUES ($1, $2, $3, $4), ($1, $3, $2, $4)
       ON CONFLICT (org_id, client_id, other_client_id) DO UPDATE SET verdict = EXCLUDED.verdict`,
      [orgId, a, b, verdict],
    );
  }

  /**
   * Clients and their index entries, one statement for the whole page. The entries (~25 a
   * person, keyed by a random hash) go in in key order: each index page is then visited once per
   * statement, not once per entry (a third less time in a rebuild, docs/performance.md).
   */
  private async register(sql: Sql, registrations: Registration[]): Promise<void> {
    if (registrations.length === 0) return;
    // null for an erased person (their key is gone): no entries, in a rebuild either.
    const opened = await this.personal.openMany(
      registrations.map((e) => ({
        subject: { orgId: e.orgId!, subjectId: e.data.clientId },
        field: 'matchKeys',
        sealed: e.data.matchKeys,
      })),
    );
    const entries = { orgIds: [] as string[], keys: [] as string[], clientIds: [] as string[] };
    registrations.forEach((e, i) => {
      const keys = opened[i];
      if (!keys) return;
      for (const key of JSON.parse(keys) as string[]) {
        entries.orgIds.push(e.orgId!);
        entries.keys.push(key);
        entries.clientIds.push(e.data.clientId);
      }
    });
    await sql.query(
      `WITH clients AS (
         INSERT INTO client_views (client_id, org_id, personal, nationality, language, registered_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::text[], $5::text[], $6::timestamptz[])
         ON CONFLICT (client_id) DO NOTHING
       )
       INSERT INTO client_match_keys (org_id, match_key, client_id)
       SELECT * FROM unnest($7::uuid[], $8::text[], $9::uuid[]) AS k(org_id, match_key, client_id)
       ORDER BY org_id, match_key, client_id
       ON CONFLICT DO NOTHING`,
      [
        registrations.map((e) => e.data.clientId),
        registrations.map((e) => e.orgId),
        registrations.map((e) => JSON.stringify(e.data.personal)),
        registrations.map((e) => e.data.nationality),
        registrations.map((e) => e.data.language),
        registrations.map((e) => e.recordedAt),
        entries.orgIds,
        entries.keys,
        entries.clientIds,
      ],
    );
  }
}
