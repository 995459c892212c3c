import { useState } from 'preact/hooks';
import { api, request } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';

const GROUPS = ['day', 'week', 'appealType', 'region', 'nationality', 'channel', 'status'] as const;
const WORD_GROUPS: Record<string, string | undefined> = {
  appealType: 'type',
  channel: 'channel',
  status: 'status',
};
interface LoadReport {
  groupBy?: string;
  rows: { key: string | null; opened: number; closed: number; open: number }[];
}
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** `GET /v1/reports/load`: counts only, never a person; the same query as CSV on request. */
export function Reports() {
  const i18n = useI18n();
  const { t, number, word } = i18n;
  // A row's key is a code where the group is one of the API's words (a type, a channel, a status).
  const keyOf = (key: string | null) =>
    report?.groupBy && WORD_GROUPS[report.groupBy] ? word(WORD_GROUPS[report.groupBy]!, key) : key;
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 29 * 86400000)));
  const [to, setTo] = useState(isoDay(today));
  const [groupBy, setGroupBy] = useState<string>('appealType');
  const [report, setReport] = useState<LoadReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const query = () => new URLSearchParams({ from, to, groupBy, tz }).toString();

  const show = async () => {
    setProblem(null);
    try {
      setReport(await api.get<LoadReport>(`/v1/reports/load?${query()}`));
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
  };
  const csv = async () => {
    try {
      const res = await request('GET', `/v1/reports/load?${query()}`, { accept: 'text/csv' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await res.blob());
      link.download = `huquq-load-${from}-${to}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
  };

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      {problem && <Alert kind="error">{problem}</Alert>}
      <form
        class="actions"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        <div class="field">
          <label for="from">{t('reports.from')}</label>
          <input id="from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="to">{t('reports.to')}</label>
          <input id="to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="groupBy">{t('reports.groupBy')}</label>
          <select id="groupBy" value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value)}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`group.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('reports.show')}</button>
        <button type="button" class="secondary" id="csv" onClick={() => void csv()}>
          {t('reports.csv')}
        </button>
      </form>
      {report && (
        <div class="scroll">
          <table id="load">
            <thead>
              <tr>
                <th scope="col">{t('reports.key')}</th>
                <th scope="col" class="num">
                  {t('reports.opened')}
                </th>
                <th scope="col" class="num">
                  {t('reports.closed')}
                </th>
                <th scope="col" class="num">
                  {t('reports.open')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.key}>
                  <td>{keyOf(r.key)}</td>
                  <td class="num">{number(r.opened)}</td>
                  <td class="num">{number(r.closed)}</td>
                  <td class="num">{number(r.open)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
