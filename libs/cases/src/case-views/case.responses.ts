import { ApiProperty } from '@nestjs/swagger';
import {
  APPEAL_TYPES,
  AppealType,
  CASE_STATUSES,
  CaseStatus,
  CHANNELS,
  Channel,
  CUSTODY_GROUNDS,
  CUSTODY_PLACE_KINDS,
  HEARING_KINDS,
  HEARING_RESULTS,
  OUTCOMES,
  URGENCIES,
  Urgency,
} from '@huquq/shared-kernel';
import { TaskItemResponse } from '@huquq/follow-ups';
import type { toCaseListItem } from './case-resource';
import type { GetCaseHandler } from './case-queries';

/**
 * The case views' answers (the swagger plugin reads this file: a property's type, `| null` and
 * its doc comment are its schema). The classes implement what the code answers with, so a field
 * added to a view does not compile until it is added here; the e2e suite checks the rest.
 */

const PERSONAL_DATA = ['shown', 'withheld'] as const;

/** A legal clock's state: `open`, `met` (done in time), `missed`, or `lapsed` (no longer running). */
const DEADLINE_STATUSES = ['open', 'met', 'missed', 'lapsed'] as const;

/** The case's person, as the list shows them: never a passport number, a phone or free text. */
export class CaseListClient {
  @ApiProperty({ format: 'uuid' })
  id: string;

  /** Null when withheld by need-to-know (`personalData`) or erased. */
  @ApiProperty({ example: 'Рахимов Фаррух', nullable: true, type: String })
  fullName: string | null;

  /** ISO 3166-1 alpha-2. */
  @ApiProperty({ example: 'TJ', nullable: true, type: String })
  nationality: string | null;

  /** The person's personal data was erased on request (their key destroyed). */
  erased: boolean;
}

/** What a case's list item and its full view both say. */
class CaseSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  /** Whether the personal fields were shown or withheld by need-to-know (decision 0095): withheld, they read null. */
  @ApiProperty({ enum: PERSONAL_DATA })
  personalData: 'shown' | 'withheld';

  @ApiProperty({ example: '2026-000017' })
  caseNumber: string;

  @ApiProperty({ enum: APPEAL_TYPES })
  appealType: AppealType;

  @ApiProperty({ enum: CASE_STATUSES })
  status: CaseStatus;

  @ApiProperty({ enum: URGENCIES })
  urgency: Urgency;

  /** The lawyer the case is assigned to. */
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  assigneeId: string | null;

  /** The lawyer's display name, as the users list has it now; null when none is set. */
  @ApiProperty({ nullable: true, type: String, example: 'Азиза Каримова' })
  assigneeName: string | null;

  /** The raid the appeal came with. */
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  incidentId: string | null;

  /** Send as expectedVersion (or as the If-Match ETag) with a command. */
  version: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  openedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  updatedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt: string | null;

  @ApiProperty({ enum: [...OUTCOMES, null], nullable: true, type: String })
  outcome: string | null;
}

export class CaseListItem extends CaseSummary implements Omit<ReturnType<typeof toCaseListItem>, 'client'> {
  client: CaseListClient;

  /** ISO 3166-2:RU code, or `other`. */
  @ApiProperty({ example: 'RU-MOS', nullable: true, type: String })
  region: string | null;
}

export class CasePage {
  items: CaseListItem[];

  /** Send as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** The case's person in full; every personal field null when withheld or erased. */
export class CaseClient extends CaseListClient {
  /** BCP 47 language tag. */
  @ApiProperty({ example: 'tg', nullable: true, type: String })
  language: string | null;

  @ApiProperty({ example: '+79161234567', nullable: true, type: String })
  phone: string | null;

  @ApiProperty({ example: '400123456', nullable: true, type: String })
  passportNumber: string | null;

  @ApiProperty({ format: 'date', example: '1995-04-02', nullable: true, type: String })
  dateOfBirth: string | null;
}

/** What happened where, as logged (free text withheld with the personal data). */
export class CaseIncident {
  @ApiProperty({ example: '2024-03-29T09:30:00+03:00', nullable: true, type: String })
  occurredAt?: string | null;

  /** ISO 3166-2:RU code, or `other`. */
  @ApiProperty({ example: 'RU-MOS', nullable: true, type: String })
  region?: string | null;

  /** The caller's words for the region where they did not map to a code. */
  @ApiProperty({ nullable: true, type: String })
  regionText?: string | null;

  @ApiProperty({ example: 'Котельники', nullable: true, type: String })
  city?: string | null;

  @ApiProperty({ nullable: true, type: String })
  location?: string | null;

  @ApiProperty({ nullable: true, type: String })
  description?: string | null;
}

/** A deadline: set by hand (`manual`) or by the follow-up rules' legal clocks (`rule`). */
export class CaseDeadline {
  @ApiProperty({ format: 'uuid' })
  deadlineId: string;

  /** A manual deadline's kind is sealed with the person's key: null once they are erased. */
  @ApiProperty({ example: 'appeal_filing', nullable: true, type: String })
  kind: string | null;

  @ApiProperty({ format: 'date-time' })
  dueAt: string;

  @ApiProperty({ nullable: true, type: String })
  basis: string | null;

  @ApiProperty({ enum: ['manual', 'rule'] })
  source: 'manual' | 'rule';

  /** `confirmed`: the legal text was read; `to_verify`: secondary sources only (rule deadlines). */
  @ApiProperty({ enum: ['confirmed', 'to_verify'] })
  confidence?: string;

  @ApiProperty({ format: 'date', nullable: true, type: String })
  lastChecked?: string | null;

  /** The local last day the term ends on at 24:00. */
  @ApiProperty({ format: 'date', nullable: true, type: String })
  lastDay?: string | null;

  /** The day it moved from (to the next working day). */
  @ApiProperty({ format: 'date', nullable: true, type: String })
  movedFrom?: string | null;

  @ApiProperty({ example: 'Europe/Moscow', nullable: true, type: String })
  timeZone?: string | null;

  /** False when it may be earlier than the law (region or calendar uncertain); never later. */
  exact?: boolean;

  @ApiProperty({ enum: DEADLINE_STATUSES })
  status?: string;

  /** The custody whose clock this is. */
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  custodyId?: string | null;
}

/** Where the person is held. */
export class CustodyPlace {
  @ApiProperty({ format: 'uuid' })
  custodyId: string;

  @ApiProperty({ enum: CUSTODY_PLACE_KINDS })
  placeKind: string;

  @ApiProperty({ nullable: true, type: String })
  placeName: string | null;

  /** A region code (ISO 3166-2:RU or `other`): the clock's local time. */
  @ApiProperty({ example: 'RU-MOS', nullable: true, type: String })
  region: string | null;

  @ApiProperty({ nullable: true, type: String })
  regionText?: string | null;

  @ApiProperty({ enum: CUSTODY_GROUNDS })
  grounds: string;

  @ApiProperty({ format: 'date-time' })
  deliveredAt: string;

  /** When this stretch of custody began: a transfer within a detention keeps the first delivery. */
  @ApiProperty({ format: 'date-time' })
  heldSince: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  previousCustodyId: string | null;
}

/** The legal limit of the current custody. */
export class CustodyClock {
  kind: string;

  @ApiProperty({ format: 'date-time' })
  endsAt: string;

  @ApiProperty({ enum: DEADLINE_STATUSES })
  status: string;

  basis: string;

  @ApiProperty({ enum: ['confirmed', 'to_verify'] })
  confidence: string;

  @ApiProperty({ format: 'date', nullable: true, type: String })
  lastChecked: string | null;
}

export class CaseCustody {
  /** Null once released. */
  @ApiProperty({ type: CustodyPlace, nullable: true })
  current: CustodyPlace | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  releasedAt: string | null;

  /** How many places the person was held in (transfers). */
  places: number;

  @ApiProperty({ type: CustodyClock, nullable: true })
  clock: CustodyClock | null;
}

export class CaseHearing {
  @ApiProperty({ format: 'uuid' })
  hearingId: string;

  @ApiProperty({ enum: HEARING_KINDS })
  kind: string;

  @ApiProperty({ nullable: true, type: String })
  court: string | null;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  complaintReceivedAt: string | null;

  @ApiProperty({ enum: [...HEARING_RESULTS, null], nullable: true, type: String })
  result: string | null;

  @ApiProperty({ nullable: true, type: String })
  note: string | null;
}

export class CaseNote {
  @ApiProperty({ format: 'uuid' })
  noteId: string;

  /** Null when withheld or erased. */
  @ApiProperty({ nullable: true, type: String })
  text: string | null;

  @ApiProperty({ format: 'date-time' })
  addedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  authorId: string | null;
}

type CaseViewAnswer = Awaited<ReturnType<GetCaseHandler['execute']>>;

export class CaseView
  extends CaseSummary
  implements
    Omit<CaseViewAnswer, 'client' | 'incident' | 'deadlines' | 'openTasks' | 'custody' | 'hearings' | 'notes'>
{
  @ApiProperty({ format: 'uuid' })
  orgId: string;

  @ApiProperty({ enum: CHANNELS })
  channel: Channel;

  client: CaseClient;

  incident: CaseIncident;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  receivedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  decisionReceivedAt: string | null;

  deadlines: CaseDeadline[];

  /** The case's open follow-up tasks (the work queues have them in full). */
  openTasks: TaskItemResponse[];

  /** Cases of possibly the same person, to judge at POST /v1/clients/{id}/same-person. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  possibleDuplicates: string[];

  @ApiProperty({ type: CaseCustody, nullable: true })
  custody: CaseCustody | null;

  hearings: CaseHearing[];

  notes: CaseNote[];
}

export class CaseHistoryEvent {
  /** The event's place in the whole log. */
  position: number;

  /** The case's version after it; null for events of other streams shown with the case. */
  @ApiProperty({ nullable: true, type: Number })
  version: number | null;

  @ApiProperty({ example: 'appeal-logged' })
  type: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorId: string | null;

  /** The event's data as recorded; personal fields opened for the reader, or null. */
  data: Record<string, unknown>;
}

export class CaseHistory {
  @ApiProperty({ enum: PERSONAL_DATA })
  personalData: 'shown' | 'withheld';

  events: CaseHistoryEvent[];
}
