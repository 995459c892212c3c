import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantDatabase } from '@huquq/platform';
import { Actor, NotFound, requireId } from '@huquq/shared-kernel';
import { ReadAudit } from '@huquq/follow-ups';
import { ClientDirectory } from '../client-directory';

export class GetClient {
  constructor(
    readonly actor: Actor,
    readonly clientId: string,
  ) {}
}

/**
 * One person as the organization knows them, from any of their client ids: every client
 * confirmed to be them (a merged one included), all their cases, and what was decided about
 * them and by whom. Ids, numbers and statuses only: names are read on the case.
 */
@QueryHandler(GetClient)
export class GetClientHandler implements IQueryHandler<GetClient> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly directory: ClientDirectory,
    private readonly audit: ReadAudit,
  ) {}

  async execute({ actor, clientId }: GetClient) {
    const id = requireId(clientId, 'client');
    const orgId = actor.orgId;
    return this.db.transaction(orgId, async (tx) => {
      const client = await tx.query<{ merged_into: string | null; erased: boolean }>(
        'SELECT merged_into, erased FROM client_views WHERE client_id = $1 AND org_id = $2',
        [id, orgId],
      );
      if (!client.rows[0]) throw new NotFound('client');
      const [person] = await this.directory.people(tx, orgId, [id]);
      const different = await this.directory.judgedDifferent(tx, orgId, person.clientIds);
      const cases = await this.directory.casesOf(tx, orgId, person.clientIds, 'all');
      const history = await tx.query<{
        stream_id: string;
        type: string;
        recorded_at: Date;
        actor_id: string | null;
        other: string | null;
      }>(
        `SELECT stream_id, type, recorded_at, metadata->>'actorId' AS actor_id,
                coalesce(data->>'otherClientId', data->>'intoClientId') AS other
         FROM events WHERE org_id = $1 AND stream_id = ANY($2) ORDER BY global_position`,
        [orgId, person.clientIds.map((c) => `client-${c}`)],
      );
      // Ids only, yet it ties a person to all their cases: a read of a person, recorded.
      await this.audit.record(tx, actor, 'client-record', [{ clientId: id }]);
      return {
        clientId: id,
        personClientId: person.clientId,
        mergedInto: client.rows[0].merged_into,
        erased: client.rows[0].erased,
        samePersonAs: person.clientIds.filter((c) => c !== id),
        notSamePersonAs: [...different],
        cases,
        // The clients' own events: registered, erased, judged; their data stays sealed in the log.
        history: history.rows.map((e) => ({
          clientId: e.stream_id.slice('client-'.length),
          type: e.type,
          recordedAt: e.recorded_at.toISOString(),
          actorId: e.actor_id,
          ...(e.other ? { otherClientId: e.other } : {}),
        })),
      };
    });
  }
}
