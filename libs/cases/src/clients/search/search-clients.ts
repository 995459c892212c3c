import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Sql, TenantDatabase } from '@huquq/platform';
import type { MatchBasis } from '@huquq/privacy';
import { Actor, NotFound, ValidationFailed } from '@huquq/shared-kernel';
import { BlindIndexes } from '../blind-indexes';
import { ClientDirectory, Person } from '../client-directory';
import { SearchClientsRequest } from './search-clients.request';

export class SearchClients {
  constructor(
    readonly actor: Actor,
    readonly request: SearchClientsRequest,
  ) {}
}

/** Strongest first: passport > phone > name with an agreeing date of birth > name alone. */
const STRENGTH: Record<MatchBasis, number> = {
  passport: 5,
  phone: 4,
  name_and_birth_date: 3,
  similar_name_and_birth_date: 2,
  name: 1,
};

/** What each basis says matched, in the words of the search's fields. */
const MATCHED_ON: Record<MatchBasis, string[]> = {
  passport: ['passport'],
  phone: ['phone'],
  name_and_birth_date: ['name', 'birthDate'],
  similar_name_and_birth_date: ['similarName', 'birthDate'],
  name: ['name'],
};

const OPEN_CASES_PER_HIT = 20;

interface OpenCase {
  caseId: string;
  caseNumber: string;
  appealType: string;
  status: string;
}

export interface ClientHit {
  clientId: string;
  /** Every client confirmed to be this person, `clientId` first. */
  clientIds: string[];
  matchedOn: string[];
  strength: MatchBasis;
  openCases: OpenCase[];
}

/**
 * Finds returning people through the blind indexes only: the query becomes the same keyed HMAC
 * probes an appeal uses, and only the keys are compared. A person is one hit however many
 * clients they were logged as; the hit carries ids, case numbers and statuses, never a name.
 */
@QueryHandler(SearchClients)
export class SearchClientsHandler implements IQueryHandler<SearchClients> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly blindIndexes: BlindIndexes,
    private readonly directory: ClientDirectory,
  ) {}

  async execute({ actor, request }: SearchClients): Promise<{ items: ClientHit[] }> {
    if (!request.name && !request.passport && !request.phone) {
      throw new ValidationFailed('Search by name, passport or phone', [
        { field: 'name', problem: 'give a name, a passport or a phone' },
      ]);
    }
    const probes = this.blindIndexes.for(actor.orgId).probesWithBasis({
      fullName: request.name,
      passportNumber: request.passport,
      phone: request.phone,
      dateOfBirth: request.birthDate,
    });
    if (probes.length === 0) return { items: [] };
    const basisOf = new Map(probes.map((p) => [p.key, p.basis]));
    const orgId = actor.orgId;

    return this.db.transaction(orgId, async (tx) => {
      const matched = await tx.query<{ match_key: string; client_id: string }>(
        'SELECT match_key, client_id FROM client_match_keys WHERE org_id = $1 AND match_key = ANY($2)',
        [orgId, [...basisOf.keys()]],
      );
      const bases = new Map<string, Set<MatchBasis>>();
      for (const row of matched.rows) {
        const set = bases.get(row.client_id) ?? new Set<MatchBasis>();
        set.add(basisOf.get(row.match_key)!);
        bases.set(row.client_id, set);
      }
      let people = await this.directory.people(tx, orgId, [...bases.keys()]);
      if (request.forClientId)
        people = await this.withoutJudgedDifferent(tx, orgId, request.forClientId, people);

      const hits = people.map((person) => hitOf(person, bases));
      hits.sort(
        (a, b) => STRENGTH[b.strength] - STRENGTH[a.strength] || b.matchedOn.length - a.matchedOn.length,
      );
      const page = hits.slice(0, request.limit ?? 20);
      const cases = await this.directory.casesOf(
        tx,
        orgId,
        page.flatMap((hit) => hit.clientIds),
        'open',
      );
      for (const hit of page) {
        hit.openCases = cases
          .filter((c) => hit.clientIds.includes(c.clientId))
          .slice(0, OPEN_CASES_PER_HIT)
          .map(({ clientId: _clientId, ...c }) => c);
      }
      return { items: page };
    });
  }

  /** A pair someone judged to be two people is never suggested again. */
  private async withoutJudgedDifferent(
    tx: Sql,
    orgId: string,
    clientId: string,
    people: Person[],
  ): Promise<Person[]> {
    const [self] = await this.directory.people(tx, orgId, [clientId]);
    if (!(await this.directory.find(tx, orgId, clientId))) throw new NotFound('client');
    const different = await this.directory.judgedDifferent(tx, orgId, self.clientIds);
    return people.filter((person) => !person.clientIds.some((id) => different.has(id)));
  }
}

function hitOf(person: Person, bases: Map<string, Set<MatchBasis>>): ClientHit {
  const all = new Set(person.clientIds.flatMap((id) => [...(bases.get(id) ?? [])]));
  // The name itself matching says more than a name one letter off: only the stronger is said.
  if (all.has('name_and_birth_date') || all.has('name')) all.delete('similar_name_and_birth_date');
  const ranked = [...all].sort((a, b) => STRENGTH[b] - STRENGTH[a]);
  return {
    clientId: person.clientId,
    clientIds: person.clientIds,
    matchedOn: [...new Set(ranked.flatMap((basis) => MATCHED_ON[basis]))],
    strength: ranked[0],
    openCases: [],
  };
}
