import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { useLoad } from '../ui/use-load';

interface ClientRecord {
  clientId: string;
  mergedInto: string | null;
  samePersonAs: string[];
  notSamePersonAs: string[];
}
interface OtherCase {
  id: string;
  caseNumber: string;
  client: { id: string; fullName: string | null };
}

const JUDGES = ['intake', 'lawyer', 'admin'];
const MERGERS = ['lawyer', 'admin'];

/**
 * The open cases intake suggested may be the same person's (decision 0081): say "the same
 * person", "not the same person", or fold this case's client into the other's. Opening a
 * suggestion reads the other person's name, which the access log records, so the cases are read
 * only once the section is opened.
 */
export function SamePerson(props: { clientId: string; caseIds: string[] }) {
  const role = useSession()?.user.role ?? '';
  const [open, setOpen] = useState(false);
  const { t } = useI18n();
  if (!JUDGES.includes(role) || props.caseIds.length === 0) return null;
  return (
    <details id="same-person" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t('same.title')} ({props.caseIds.length})
      </summary>
      {open && <Suggestions {...props} mayMerge={MERGERS.includes(role)} />}
    </details>
  );
}

function Suggestions(props: { clientId: string; caseIds: string[]; mayMerge: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const record = useLoad(() => api.get<ClientRecord>(`/v1/clients/${props.clientId}`), [props.clientId]);
  const others = useLoad(
    () => Promise.all(props.caseIds.map((id) => api.get<OtherCase>(`/v1/cases/${id}`))),
    [props.caseIds.join()],
  );
  const [said, setSaid] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const judge = async (path: string, body: Record<string, string>, done: string) => {
    setProblem(null);
    setSaid(null);
    try {
      await api.post(`/v1/clients/${props.clientId}/${path}`, body);
      setSaid(done);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
    await record.reload();
  };
  const error = record.error ?? others.error;
  if (error) return <Alert kind="error">{sentenceFor(error, i18n)}</Alert>;
  if (!record.data || !others.data) return <p>{t('common.loading')}</p>;
  const me = record.data;
  return (
    <>
      {problem && <Alert kind="error">{problem}</Alert>}
      {said && <Alert kind="ok">{said}</Alert>}
      <p class="hint">{t('same.warn')}</p>
      <ul class="cards">
        {others.data
          .filter((c) => c.client.id !== props.clientId)
          .map((c) => {
            const other = c.client.id;
            const same = me.samePersonAs.includes(other);
            const different = me.notSamePersonAs.includes(other);
            return (
              <li class="card" key={c.id} data-client={other}>
                <strong>
                  {t('same.case', { caseNumber: c.caseNumber, name: c.client.fullName ?? '—' })}
                </strong>
                {same && <p class="meta">{t('same.confirmed')}</p>}
                {different && <p class="meta">{t('same.dismissed')}</p>}
                {!me.mergedInto && (
                  <div class="actions">
                    {!same && (
                      <button
                        type="button"
                        onClick={() =>
                          void judge('same-person', { otherClientId: other }, t('same.confirmed'))
                        }
                      >
                        {t('same.confirm')}
                      </button>
                    )}
                    {!same && !different && (
                      <button
                        type="button"
                        class="secondary"
                        onClick={() =>
                          void judge('not-same-person', { otherClientId: other }, t('same.dismissed'))
                        }
                      >
                        {t('same.dismiss')}
                      </button>
                    )}
                    {props.mayMerge && !different && (
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => void judge('merge', { intoClientId: other }, t('same.merged'))}
                      >
                        {t('same.merge')}
                      </button>
                    )}
                  </div>
                )}
                {me.mergedInto === other && <p class="meta">{t('same.merged')}</p>}
              </li>
            );
          })}
      </ul>
    </>
  );
}
