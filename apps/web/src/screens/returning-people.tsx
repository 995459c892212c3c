import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

interface Match {
  clientId: string;
  matchedOn: string[];
  strength: string;
  openCases: { caseId: string; caseNumber: string; appealType: string; status: string }[];
}

/** null once the server showed it has no search route (404): intake simply offers nobody. */
let searchable = true;

/**
 * Returning people, offered while the name, passport or phone is typed
 * (`POST /v1/clients/search`, the query in the body); picking one logs the appeal with their `clientId`.
 */
export function ReturningPeople(props: {
  name: string;
  passport: string;
  phone: string;
  picked: string | undefined;
  onPick: (clientId: string | undefined) => void;
}) {
  const { t, word } = useI18n();
  const [matches, setMatches] = useState<Match[]>([]);
  const { name, passport, phone } = props;
  useEffect(() => {
    if (!searchable || !navigator.onLine || (name.length < 3 && passport.length < 4 && phone.length < 6)) {
      setMatches([]);
      return;
    }
    const timer = setTimeout(() => {
      // In the body, never the URL: proxies log URLs (decision 0113).
      const query: Record<string, string> = {};
      if (name.length >= 3) query.name = name;
      if (passport.length >= 4) query.passport = passport;
      if (phone.length >= 6) query.phone = phone;
      api
        .post<{ items: Match[] }>('/v1/clients/search', query)
        .then((answer) => setMatches(answer.items.slice(0, 5)))
        .catch((error) => {
          if (error instanceof ApiError && error.status === 404) searchable = false;
          setMatches([]);
        });
    }, 350);
    return () => clearTimeout(timer);
  }, [name, passport, phone]);

  if (props.picked)
    return (
      <div class="returning" role="status">
        {t('intake.returning.picked')}{' '}
        <button type="button" class="link" onClick={() => props.onPick(undefined)}>
          {t('intake.returning.unpick')}
        </button>
      </div>
    );
  if (!matches.length) return null;
  return (
    <section class="returning" aria-label={t('intake.returning')}>
      <h2>{t('intake.returning')}</h2>
      <ul>
        {matches.map((m) => (
          <li key={m.clientId}>
            {t('intake.returning.matched', { on: m.matchedOn.map((on) => word('matched', on)).join(', ') })} ·{' '}
            {m.openCases.map((c) => `${c.caseNumber} (${word('type', c.appealType)})`).join(', ')}{' '}
            <button type="button" onClick={() => props.onPick(m.clientId)}>
              {t('intake.returning.pick')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
