import { useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** Straight to a case by its number (`GET /v1/cases?caseNumber=`), from any screen. */
export function FindCase() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [caseNumber, setCaseNumber] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  return (
    <form
      class="find"
      role="search"
      onSubmit={async (e) => {
        e.preventDefault();
        const wanted = caseNumber.trim();
        if (!wanted) return;
        setMissing(null);
        const found = await api
          .get<{ items: { id: string; caseNumber: string }[] }>(
            `/v1/cases?caseNumber=${encodeURIComponent(wanted)}`,
          )
          .then((a) => a.items.find((c) => c.caseNumber === wanted))
          .catch(() => undefined);
        if (found) navigate(`/cases/${found.id}`);
        else setMissing(t('find.none', { caseNumber: wanted }));
      }}
    >
      <label for="find-case">{t('find.label')}</label>
      <input
        id="find-case"
        size={11}
        value={caseNumber}
        onInput={(e) => setCaseNumber(e.currentTarget.value)}
      />
      <button type="submit" class="secondary">
        {t('find.submit')}
      </button>
      {missing && (
        <span class="find-missing" role="status">
          {missing}
        </span>
      )}
    </form>
  );
}
