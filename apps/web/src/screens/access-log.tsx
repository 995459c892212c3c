import { useEffect, useState } from 'preact/hooks';
import { Link, useSearch } from 'wouter-preact';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { useLoad } from '../ui/use-load';
import type { User } from './users';

/** One read of a person's data (decision 0096): ids only, newest first. */
interface AccessEntry {
  userId: string;
  role: string;
  action: string;
  at: string;
  caseId?: string | null;
  clientId?: string | null;
}
interface AccessPage {
  items: AccessEntry[];
  nextCursor: string | null;
}
type Subject = { kind: 'case'; id: string; label: string } | { kind: 'user'; id: string; label: string };

/**
 * Admins: who read whose personal data — a case's log (`GET /v1/cases/:id/access-log`, the case
 * found by its number, or opened from the case page) or a user's (`GET /v1/users/:id/access-log`,
 * picked by name); 50 entries a page, "more" follows `nextCursor`.
 */
export function AccessLog() {
  const i18n = useI18n();
  const { t, word, dateTime } = i18n;
  const users = useLoad(() => api.get<{ items: User[] }>('/v1/users').then((a) => a.items));
  const nameOf = (id: string) => {
    const u = users.data?.find((x) => x.id === id);
    return u ? (u.displayName ?? u.email) : id.slice(0, 8);
  };
  const fromCasePage = new URLSearchParams(useSearch()).get('case');
  const [caseNumber, setCaseNumber] = useState('');
  const [userId, setUserId] = useState('');
  const [subject, setSubject] = useState<Subject | null>(null);
  const [entries, setEntries] = useState<AccessEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [caseMissing, setCaseMissing] = useState<string | null>(null);

  const load = async (next: Subject, after: string | null) => {
    setProblem(null);
    const path = next.kind === 'case' ? `/v1/cases/${next.id}/access-log` : `/v1/users/${next.id}/access-log`;
    const query = new URLSearchParams({ limit: '50' });
    if (after) query.set('cursor', after);
    try {
      const page = await api.get<AccessPage>(`${path}?${query}`);
      setSubject(next);
      setEntries((before) => (after ? [...before, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
  };
  useEffect(() => {
    if (fromCasePage) void load({ kind: 'case', id: fromCasePage, label: '' }, null);
  }, [fromCasePage]);

  const findCase = async () => {
    setCaseMissing(null);
    const wanted = caseNumber.trim();
    if (!wanted) return setCaseMissing(t('error.required'));
    try {
      const found = await api
        .get<{ items: { id: string; caseNumber: string }[] }>(
          `/v1/cases?caseNumber=${encodeURIComponent(wanted)}`,
        )
        .then((a) => a.items.find((c) => c.caseNumber === wanted));
      if (!found) return setCaseMissing(t('find.none', { caseNumber: wanted }));
      await load({ kind: 'case', id: found.id, label: found.caseNumber }, null);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
  };

  return (
    <section aria-labelledby="access-title">
      <h1 id="access-title">{t('access.title')}</h1>
      {problem && <Alert kind="error">{problem}</Alert>}
      <form
        class="actions"
        id="access-by-case"
        onSubmit={(e) => {
          e.preventDefault();
          void findCase();
        }}
      >
        <div class={`field${caseMissing ? ' has-error' : ''}`}>
          <label for="access-case">{t('access.caseLog')}</label>
          <input
            id="access-case"
            value={caseNumber}
            placeholder={t('find.label')}
            aria-invalid={caseMissing ? 'true' : undefined}
            aria-describedby={caseMissing ? 'access-case-error' : undefined}
            onInput={(e) => setCaseNumber(e.currentTarget.value)}
          />
          {caseMissing && (
            <p class="error" id="access-case-error" role="alert">
              {caseMissing}
            </p>
          )}
        </div>
        <button type="submit">{t('access.show')}</button>
      </form>
      <form
        class="actions"
        id="access-by-user"
        onSubmit={(e) => {
          e.preventDefault();
          if (userId) void load({ kind: 'user', id: userId, label: nameOf(userId) }, null);
        }}
      >
        <div class="field">
          <label for="access-user">{t('access.userLog')}</label>
          <select id="access-user" value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
            <option value="">—</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName ?? u.email} ({word('role', u.role)})
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('access.show')}</button>
      </form>

      {subject && (
        <>
          <h2>
            {subject.kind === 'case' ? t('access.caseLog') : t('access.userLog')}
            {subject.label && <>: {subject.label}</>}
          </h2>
          {entries.length ? (
            <div class="scroll">
              <table id="access-log">
                <thead>
                  <tr>
                    <th scope="col">{t('access.when')}</th>
                    <th scope="col">{t('access.who')}</th>
                    <th scope="col">{t('access.what')}</th>
                    <th scope="col">{t('access.case')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e, i) => (
                    <tr key={`${e.at}-${i}`}>
                      <td>{dateTime(e.at)}</td>
                      <td>
                        {nameOf(e.userId)} ({word('role', e.role)})
                      </td>
                      <td>{word('action', e.action)}</td>
                      <td>
                        {e.caseId ? <Link href={`/cases/${e.caseId}`}>{e.caseId.slice(0, 8)}</Link> : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p id="access-log">{t('access.empty')}</p>
          )}
          {cursor && (
            <button type="button" class="secondary" onClick={() => void load(subject, cursor)}>
              {t('access.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
