import { ApiProperty } from '@nestjs/swagger';
import { APPEAL_TYPES, CASE_STATUSES } from '@huquq/shared-kernel';
import type { ClientCase } from './client-directory';
import type { ClientHit } from './search/search-clients';

/** What the clients' routes answer (the swagger plugin reads this file). Ids, never a name. */
export class ClientCaseResponse implements Omit<ClientCase, 'clientId'> {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ example: '2026-000017' })
  caseNumber: string;

  @ApiProperty({ enum: APPEAL_TYPES })
  appealType: string;

  @ApiProperty({ enum: CASE_STATUSES })
  status: string;
}

export class ClientCaseOfPerson extends ClientCaseResponse implements ClientCase {
  /** Which of the person's client records the case is of. */
  @ApiProperty({ format: 'uuid' })
  clientId: string;
}

export class ClientHitResponse implements ClientHit {
  /** The person's surviving client record. */
  @ApiProperty({ format: 'uuid' })
  clientId: string;

  /** Every client record confirmed to be this person, `clientId` first. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  clientIds: string[];

  /** Which of the search's fields matched. */
  @ApiProperty({
    enum: ['passport', 'phone', 'name', 'similarName', 'birthDate'],
    isArray: true,
    example: ['name', 'birthDate'],
  })
  matchedOn: string[];

  /** The strongest match: passport > phone > name with an agreeing date of birth > similar name > name alone. */
  @ApiProperty({ enum: ['passport', 'phone', 'name_and_birth_date', 'similar_name_and_birth_date', 'name'] })
  strength: ClientHit['strength'];

  /** Up to 20 of the person's open cases. */
  openCases: ClientCaseResponse[];
}

export class ClientHits {
  items: ClientHitResponse[];
}

export class ClientHistoryEvent {
  @ApiProperty({ format: 'uuid' })
  clientId: string;

  @ApiProperty({ example: 'client-registered' })
  type: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorId: string | null;

  /** The other client of a judgement or a merge. */
  @ApiProperty({ format: 'uuid' })
  otherClientId?: string;
}

export class ClientRecord {
  @ApiProperty({ format: 'uuid' })
  clientId: string;

  /** The surviving record of the person this one is. */
  @ApiProperty({ format: 'uuid' })
  personClientId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  mergedInto: string | null;

  erased: boolean;

  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  samePersonAs: string[];

  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  notSamePersonAs: string[];

  /** Every case of the person, newest first. */
  cases: ClientCaseOfPerson[];

  /** The client records' own events (registered, erased, judged); their data stays sealed. */
  history: ClientHistoryEvent[];
}

export class ClientJudgement {
  @ApiProperty({ format: 'uuid' })
  clientId: string;

  @ApiProperty({ format: 'uuid' })
  otherClientId: string;
}

export class ClientMerged {
  @ApiProperty({ format: 'uuid' })
  clientId: string;

  @ApiProperty({ format: 'uuid' })
  intoClientId: string;
}
