import { Link } from 'wouter-preact';
import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ru';

/** A case as `GET /v1/cases` lists it: no passport, phone or free text. */
export interface CaseListItem {
  id: string;
  caseNumber: string;
  appealType: string;
  status: string;
  urgency: string;
  assigneeId: string | null;
  assigneeName?: string | null;
  client: { fullName: string | null };
  openedAt: string;
}
type Column = 'type' | 'urgency' | 'name' | 'status' | 'assignee' | 'opened';
const HEADINGS: Record<Column, MessageKey> = {
  type: 'intake.appealType',
  urgency: 'intake.urgency',
  name: 'intake.fullName',
  status: 'case.status',
  assignee: 'case.assignee',
  opened: 'case.opened',
};

/** Cases in a table, each number a link to its page; the columns a screen needs. */
export function CaseTable(props: { id: string; items: CaseListItem[] | null; columns: Column[] }) {
  const { t, word, dateTime } = useI18n();
  const me = useSession()?.user.id;
  const cell = (c: CaseListItem, column: Column) => {
    switch (column) {
      case 'type':
        return word('type', c.appealType);
      case 'urgency':
        return word('urgency', c.urgency);
      case 'name':
        return c.client.fullName ?? '—';
      case 'status':
        return word('status', c.status);
      case 'assignee':
        return c.assigneeId === me
          ? t('case.you')
          : c.assigneeId
            ? (c.assigneeName ?? c.assigneeId.slice(0, 8))
            : t('case.unassigned');
      case 'opened':
        return dateTime(c.openedAt);
    }
  };
  return (
    <div class="scroll">
      <table id={props.id}>
        <thead>
          <tr>
            <th scope="col">{t('queue.case')}</th>
            {props.columns.map((column) => (
              <th scope="col" key={column}>
                {t(HEADINGS[column])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(props.items ?? []).map((c) => (
            <tr key={c.id}>
              <td>
                <Link href={`/cases/${c.id}`}>{c.caseNumber}</Link>
              </td>
              {props.columns.map((column) => (
                <td key={column}>{cell(c, column)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
