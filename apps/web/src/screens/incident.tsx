import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { CaseTable, type CaseListItem } from '../ui/case-table';
import { LawyerPicker } from '../ui/lawyer-picker';
import { useLoad } from '../ui/use-load';

interface Board {
  people: number;
  held: { count: number; longestHeldSince: string | null; clocksRunOut: number };
  inCourt: number;
  specialInstitution: number;
  released: number;
  expelled: number;
  notReached: number;
  reached: number;
  asOf: string;
}
const BOARD_ROWS = [
  'held',
  'inCourt',
  'specialInstitution',
  'released',
  'expelled',
  'notReached',
  'reached',
] as const;

/**
 * A raid: its people's cases (`GET /v1/cases?incidentId=`), the coordinators' board of counts
 * (`GET /v1/incidents/:id/board`, no names) and one lawyer for all of it
 * (`POST /v1/incidents/:id/assignment`).
 */
export function Incident(props: { id: string }) {
  const i18n = useI18n();
  const { t, number, dateTime } = i18n;
  const cases = useLoad(
    () =>
      api
        .get<{ items: CaseListItem[] }>(`/v1/cases?incidentId=${props.id}&limit=200`)
        // In the order the people were listed: their case numbers were given in that order.
        .then((a) => a.items.sort((x, y) => x.caseNumber.localeCompare(y.caseNumber))),
    [props.id],
  );
  const board = useLoad(() => api.get<Board>(`/v1/incidents/${props.id}/board`), [props.id]);
  const [lawyerId, setLawyerId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const assign = async () => {
    setProblem(null);
    setDone(false);
    try {
      await api.post(`/v1/incidents/${props.id}/assignment`, { lawyerId });
      setDone(true);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
    await Promise.all([cases.reload(), board.reload()]);
  };
  const counts = board.data;
  return (
    <section aria-labelledby="incident-title">
      <h1 id="incident-title">{t('incident.title', { n: cases.data?.length ?? '…' })}</h1>
      {problem && <Alert kind="error">{problem}</Alert>}
      {done && <Alert kind="ok">{t('case.done')}</Alert>}
      {counts && (
        <dl class="facts" id="board">
          {BOARD_ROWS.map((row) => (
            <Fragment key={row}>
              <dt>{t(`board.${row}`)}</dt>
              <dd>{number(row === 'held' ? counts.held.count : counts[row])}</dd>
            </Fragment>
          ))}
          <dt>{t('board.asOf')}</dt>
          <dd>{dateTime(counts.asOf)}</dd>
        </dl>
      )}
      <form
        class="actions"
        onSubmit={(e) => {
          e.preventDefault();
          if (lawyerId) void assign();
        }}
      >
        <LawyerPicker id="incident-lawyer" value={lawyerId} onChange={setLawyerId} />
        <button type="submit">{t('incident.assign')}</button>
      </form>
      <CaseTable id="incident-cases" items={cases.data} columns={['name', 'status', 'assignee']} />
    </section>
  );
}
