import { Injectable } from '@nestjs/common';
import { openFields, withholdFields } from '@huquq/event-store';
import { PersonalDataProtector } from '@huquq/privacy';
import { caseSealedFields } from '../domain/case.decider';
import { CaseEvent } from '../domain/case.events';
import { PersonalFields } from '../shared/personal-fields';
import { CaseRow } from './case-resource';

interface HistoryEvent {
  type: string;
  data: unknown;
}

/** A view's copy of an event's sealed part is opened with the event type's own declaration. */
const fieldsOf = (type: CaseEvent['type']) => caseSealedFields.fields[type];
const HEARING_FIELDS = { ...fieldsOf('hearing-scheduled'), ...fieldsOf('hearing-result-recorded') };
const INCIDENT_FIELDS = Object.fromEntries(
  Object.entries(fieldsOf('appeal-logged') ?? {}).map(([path, field]) => [
    path.replace(/^incident\./, ''),
    field,
  ]),
);

/**
 * Opens the sealed fields of a case for the one reader who asked, at the last moment: views
 * and the log hold only ciphertext. An erased person's fields read null. Which fields are
 * sealed is the events' declaration (caseSealedFields), never a list of its own.
 */
@Injectable()
export class CaseRevealer {
  constructor(
    private readonly personal: PersonalFields,
    private readonly protector: PersonalDataProtector,
  ) {}

  async full(row: CaseRow, shown: boolean): Promise<CaseRow> {
    if (!shown) return this.withheld(row);
    const subject = { orgId: row.org_id, subjectId: row.client_id };
    const current = row.custody?.current ?? null;
    const [personal, incident, deadlines, place, hearings] = await Promise.all([
      row.erased ? null : this.personal.openPerson(subject, row.personal),
      openFields(this.protector, subject, INCIDENT_FIELDS, row.incident),
      Promise.all(
        (row.deadlines ?? []).map((deadline) =>
          openFields(this.protector, subject, fieldsOf('deadline-set'), deadline),
        ),
      ),
      current && openFields(this.protector, subject, fieldsOf('custody-recorded'), current),
      Promise.all((row.hearings ?? []).map((h) => openFields(this.protector, subject, HEARING_FIELDS, h))),
    ]);
    const custody = row.custody ? { ...row.custody, current: place } : null;
    return { ...row, personal, erased: this.isErased(row, personal), incident, deadlines, custody, hearings };
  }

  /**
   * For a reader without need-to-know (decision 0095): the case's non-personal fields, and
   * null wherever personal data or free text was, sealed or not.
   */
  async withheld(row: CaseRow): Promise<CaseRow> {
    const current = row.custody?.current ?? null;
    const [incident, deadlines, place, hearings] = await Promise.all([
      withholdFields(INCIDENT_FIELDS, row.incident),
      Promise.all((row.deadlines ?? []).map((d) => withholdFields(fieldsOf('deadline-set'), d))),
      current && withholdFields(fieldsOf('custody-recorded'), current),
      Promise.all((row.hearings ?? []).map((h) => withholdFields(HEARING_FIELDS, h))),
    ]);
    const custody = row.custody ? { ...row.custody, current: place } : null;
    return { ...row, personal: null, erased: Boolean(row.erased), incident, deadlines, custody, hearings };
  }

  /** Lists show who, never what: the name only, and only to a reader who may see it. */
  async forList(row: CaseRow, shown: boolean): Promise<CaseRow> {
    if (!shown) return { ...row, personal: null, erased: Boolean(row.erased) };
    const subject = { orgId: row.org_id, subjectId: row.client_id };
    const personal = row.erased ? null : await this.personal.openPerson(subject, row.personal, ['fullName']);
    return { ...row, personal, erased: this.isErased(row, personal) };
  }

  async historyEvent<E extends HistoryEvent>(
    orgId: string,
    clientId: string,
    event: E,
    shown: boolean,
  ): Promise<E> {
    const fields = fieldsOf(event.type as CaseEvent['type']);
    if (!fields) return event;
    if (!shown) return { ...event, data: await withholdFields(fields, event.data) };
    return {
      ...event,
      data: await openFields(this.protector, { orgId, subjectId: clientId }, fields, event.data),
    };
  }

  /** The key may be gone before the erasure event reaches the view: then it reads as erased too. */
  private isErased(row: CaseRow, opened: unknown): boolean {
    return Boolean(row.erased) || (row.personal !== null && opened === null);
  }
}
