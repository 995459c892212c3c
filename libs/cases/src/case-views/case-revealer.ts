import { Injectable } from '@nestjs/common';
import { PersonalFields } from '../shared/personal-fields';
import { CaseRow } from './case-resource';

interface HistoryEvent {
  type: string;
  data: unknown;
}

/**
 * Opens the sealed fields of a case for the one reader who asked, at the last moment: views
 * and the log hold only ciphertext. An erased person's fields read null.
 */
@Injectable()
export class CaseRevealer {
  constructor(private readonly personal: PersonalFields) {}

  async full(row: CaseRow): Promise<CaseRow> {
    const subject = { orgId: row.org_id, subjectId: row.client_id };
    const [personal, description] = await Promise.all([
      row.erased ? null : this.personal.openPerson(subject, row.personal),
      this.personal.open(subject, 'incident.description', row.incident.description as string | undefined),
    ]);
    return { ...row, personal, erased: this.isErased(row, personal), incident: { ...row.incident, description } };
  }

  /** Lists show who, never what: the name only. */
  async forList(row: CaseRow): Promise<CaseRow> {
    const subject = { orgId: row.org_id, subjectId: row.client_id };
    const personal = row.erased ? null : await this.personal.openPerson(subject, row.personal, ['fullName']);
    return { ...row, personal, erased: this.isErased(row, personal) };
  }

  async historyEvent<E extends HistoryEvent>(orgId: string, clientId: string, event: E): Promise<E> {
    const subject = { orgId, subjectId: clientId };
    if (event.type === 'note-added') {
      const data = event.data as { text: string };
      return { ...event, data: { ...data, text: await this.personal.open(subject, 'note.text', data.text) } };
    }
    if (event.type === 'appeal-logged') {
      const data = event.data as { incident: { description: string } };
      const description = await this.personal.open(subject, 'incident.description', data.incident.description);
      return { ...event, data: { ...data, incident: { ...data.incident, description } } };
    }
    return event;
  }

  /** The key may be gone before the erasure event reaches the view: then it reads as erased too. */
  private isErased(row: CaseRow, opened: unknown): boolean {
    return Boolean(row.erased) || (row.personal !== null && opened === null);
  }
}
