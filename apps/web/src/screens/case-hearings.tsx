import { useState } from 'preact/hooks';
import { HEARING_KINDS, HEARING_RESULTS } from '../api/vocabulary';
import { useI18n } from '../i18n/i18n';

/** A hearing as the case view carries it (`court` and `note` as need-to-know allows). */
export interface CaseHearing {
  hearingId: string;
  kind: string;
  court: string | null;
  startsAt: string;
  complaintReceivedAt: string | null;
  result: string | null;
  note: string | null;
}
type Run = (command: { path: string; body: Record<string, unknown> }) => void;

/** `datetime-local` gives the device's local time without a zone: the API takes an instant. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/**
 * A case's hearings: schedule one (`POST /v1/cases/:id/hearings`; an expulsion complaint also
 * says when the court received it, which starts its 24 hours) and record a result
 * (`POST /v1/cases/:id/hearings/:hearingId/result`). Both go through the case page's `run`, so
 * they carry the case's version and a 409 offers to reload and re-apply.
 */
export function HearingsSection(props: {
  hearings: CaseHearing[];
  mayChange: boolean;
  run: Run;
  timeZone?: string | null;
}) {
  const i18n = useI18n();
  const { t, word } = i18n;
  const dateTime = (iso: string | null | undefined) => i18n.dateTime(iso, props.timeZone);
  const [kind, setKind] = useState<string>(HEARING_KINDS[0]);
  const [startsAt, setStartsAt] = useState('');
  const [court, setCourt] = useState('');
  const [received, setReceived] = useState('');
  const [missing, setMissing] = useState(false);
  const hearings = [...props.hearings].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <section aria-labelledby="hearings-title">
      <h2 id="hearings-title">{t('case.hearings')}</h2>
      {hearings.length ? (
        <ul class="cards" id="case-hearings">
          {hearings.map((h) => (
            <li class="card" key={h.hearingId} data-hearing={h.hearingId}>
              <strong>{dateTime(h.startsAt)}</strong> · {word('hearing', h.kind)}
              {h.court && <> · {h.court}</>}
              {h.result ? (
                <p class="meta">
                  {t('hearing.result')}: <strong>{word('hearingResult', h.result)}</strong>
                  {h.note && <> · {h.note}</>}
                </p>
              ) : (
                props.mayChange && <HearingResult hearingId={h.hearingId} run={props.run} />
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('case.none')}</p>
      )}
      {props.mayChange && (
        <form
          class="actions"
          id="schedule-hearing"
          onSubmit={(e) => {
            e.preventDefault();
            if (!startsAt) return setMissing(true);
            setMissing(false);
            props.run({
              path: 'hearings',
              body: {
                kind,
                startsAt: instant(startsAt),
                court: court.trim() || undefined,
                complaintReceivedAt: kind === 'expulsion_complaint' ? instant(received) : undefined,
              },
            });
          }}
        >
          <div class="field">
            <label for="hearing-kind">{t('hearing.kind')}</label>
            <select id="hearing-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              {HEARING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {word('hearing', k)}
                </option>
              ))}
            </select>
          </div>
          <div class={`field${missing ? ' has-error' : ''}`}>
            <label for="hearing-starts">{t('hearing.startsAt')}</label>
            <input
              id="hearing-starts"
              type="datetime-local"
              value={startsAt}
              aria-invalid={missing ? 'true' : undefined}
              aria-describedby={missing ? 'hearing-starts-error' : undefined}
              onInput={(e) => setStartsAt(e.currentTarget.value)}
            />
            {missing && (
              <p class="error" id="hearing-starts-error" role="alert">
                {t('error.required')}
              </p>
            )}
          </div>
          <div class="field">
            <label for="hearing-court">{t('hearing.court')}</label>
            <input id="hearing-court" value={court} onInput={(e) => setCourt(e.currentTarget.value)} />
          </div>
          {kind === 'expulsion_complaint' && (
            <div class="field">
              <label for="hearing-received">{t('hearing.complaintReceivedAt')}</label>
              <input
                id="hearing-received"
                type="datetime-local"
                value={received}
                onInput={(e) => setReceived(e.currentTarget.value)}
              />
            </div>
          )}
          <button type="submit">{t('hearing.schedule')}</button>
        </form>
      )}
    </section>
  );
}

function HearingResult(props: { hearingId: string; run: Run }) {
  const { t, word } = useI18n();
  const [result, setResult] = useState<string>(HEARING_RESULTS[0]);
  const [note, setNote] = useState('');
  const id = props.hearingId.slice(0, 8);
  return (
    <form
      class="actions"
      onSubmit={(e) => {
        e.preventDefault();
        props.run({
          path: `hearings/${props.hearingId}/result`,
          body: { result, note: note.trim() || undefined },
        });
      }}
    >
      <div class="field">
        <label for={`result-${id}`}>{t('hearing.result')}</label>
        <select
          id={`result-${id}`}
          name="result"
          value={result}
          onChange={(e) => setResult(e.currentTarget.value)}
        >
          {HEARING_RESULTS.map((r) => (
            <option key={r} value={r}>
              {word('hearingResult', r)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`note-${id}`}>{t('hearing.note')}</label>
        <input id={`note-${id}`} name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <button type="submit">{t('hearing.recordResult')}</button>
    </form>
  );
}
