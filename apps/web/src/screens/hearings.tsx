import { Link } from 'wouter-preact';
import { api, request } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../ui/use-load';

interface Hearing {
  hearingId: string;
  caseId: string;
  caseNumber: string;
  kind: string;
  startsAt: string;
  result: string | null;
}
const DAY = 86400000;

/**
 * My hearings of the next 30 days (`GET /v1/hearings?from&to&assignee=me`), and the same as an
 * iCalendar file (`Accept: text/calendar`) for the phone's calendar. Quietly absent where the
 * server has no hearings route.
 */
export function MyHearings() {
  const { t, word, dateTime } = useI18n();
  const range = () => {
    const from = new Date();
    return new URLSearchParams({
      from: from.toISOString(),
      to: new Date(from.getTime() + 30 * DAY).toISOString(),
      assignee: 'me',
    });
  };
  const hearings = useLoad(() =>
    api.get<{ items: Hearing[] }>(`/v1/hearings?${range()}`).then((a) => a.items),
  );
  if (!hearings.data) return null;
  const download = async () => {
    const res = await request('GET', `/v1/hearings?${range()}`, { accept: 'text/calendar' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await res.blob());
    link.download = 'huquq-hearings.ics';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  };
  return (
    <>
      <h2>{t('hearings.title')}</h2>
      {hearings.data.length ? (
        <ul class="cards" id="hearings">
          {hearings.data.map((h) => (
            <li class="card" key={h.hearingId}>
              <strong>{dateTime(h.startsAt)}</strong> · {word('hearing', h.kind)} ·{' '}
              <Link href={`/cases/${h.caseId}`}>{h.caseNumber}</Link>
              {h.result && <> · {word('hearingResult', h.result)}</>}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('case.none')}</p>
      )}
      <button type="button" class="secondary" id="ics" onClick={() => void download()}>
        {t('hearings.ics')}
      </button>
    </>
  );
}
