import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, request } from '../api/client';
import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { useLoad } from '../ui/use-load';

/** The parts of a rule set this screen shows (libs/follow-ups/src/domain/follow-up-rules.ts). */
interface Task {
  kind: string;
  title: string;
  due: string;
  basis: string;
}
interface Rules {
  clocks: {
    id: string;
    trigger: string;
    term: string;
    basis: string;
    confidence: string;
    lastChecked?: string;
  }[];
  appealRules: { id: string; appealTypes: string[] | 'any'; task: Task }[];
  incidentRules: { id: string; minPeople: number; task: Task }[];
  custodyRules?: { id: string; grounds: string[]; task: Task }[];
  hearingRules?: { id: string; kinds: string[] | 'any'; task: Task }[];
}
const UNITS = { Y: 'year', M: 'month', W: 'week', D: 'day', H: 'hour', TM: 'minute' } as const;

/**
 * An ISO-8601 duration of the rules (`PT3H`, `P10D`, `P3M`) in the reader's words ("3 часа",
 * "10 days"); `deadline` (a task due when its rule's deadline is) in words; anything else as it is.
 */
function durationIn(locale: string, value: string, atDeadline: string): string {
  if (value === 'deadline') return atDeadline;
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  if (!match) return value;
  const parts = (['Y', 'M', 'W', 'D', 'H', 'TM'] as const)
    .map((unit, i) => ({ unit: UNITS[unit], n: Number(match[i + 1] ?? 0) }))
    .filter((p) => p.n > 0)
    .map((p) =>
      new Intl.NumberFormat(locale, { style: 'unit', unit: p.unit, unitDisplay: 'long' }).format(p.n),
    );
  return parts.length ? parts.join(' ') : '0';
}

interface EffectiveRules {
  source: 'organization' | 'installation';
  version: number;
  rules: Rules;
}

/**
 * What the law and the organization ask after each appeal (`GET /v1/follow-up-rules`): the legal
 * terms with their basis and when a lawyer last checked them, and the task each kind of appeal
 * calls for. Admins change the whole set as JSON (`PUT`, with the version read: a 409 says
 * someone changed it meanwhile) or go back to the installation's (`DELETE`); the server's
 * checks are listed by the rule they concern.
 */
export function FollowUpRules() {
  const i18n = useI18n();
  const { t, word } = i18n;
  const mayEdit = useSession()?.user.role === 'admin';
  const effective = useLoad(() => api.get<EffectiveRules>('/v1/follow-up-rules'));
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [conflict, setConflict] = useState(false);
  useEffect(() => {
    if (effective.data) setText(JSON.stringify(effective.data.rules, null, 2));
  }, [effective.data]);

  /** `version`: the one to send instead of the version this page read (after a 409, the fresh one). */
  const change = async (method: 'PUT' | 'DELETE', version = effective.data?.version) => {
    setProblem(null);
    setConflict(false);
    setProblems([]);
    setSaved(false);
    let body: unknown;
    if (method === 'PUT') {
      try {
        body = { rules: JSON.parse(text) as unknown, expectedVersion: version };
      } catch (error) {
        return setProblems([t('rules.badJson', { message: (error as Error).message })]);
      }
    }
    try {
      await request(method, '/v1/follow-up-rules', { body });
      setSaved(true);
      await effective.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fieldProblems.length) {
        setProblems(error.fieldProblems.map((d) => `${d.field}: ${d.problem}`));
      } else if (error instanceof ApiError && error.status === 409) {
        setConflict(true);
      } else setProblem(sentenceFor(error, i18n));
    }
  };

  // A day of the calendar (YYYY-MM-DD), in the reader's words.
  const dayOf = (day: string) =>
    new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(day));
  if (effective.error) return <Alert kind="error">{sentenceFor(effective.error, i18n)}</Alert>;
  const data = effective.data;
  if (!data) return <p>{t('common.loading')}</p>;
  const { rules } = data;
  const otherRules = [
    ...rules.incidentRules.map((r) => ({
      id: r.id,
      applies: t('rules.raid', { n: r.minPeople }),
      task: r.task,
    })),
    ...(rules.custodyRules ?? []).map((r) => ({
      id: r.id,
      applies: t('rules.custody', { grounds: r.grounds.map((g) => word('grounds', g)).join(', ') }),
      task: r.task,
    })),
    ...(rules.hearingRules ?? []).map((r) => ({
      id: r.id,
      applies: t('rules.hearing', {
        kinds: r.kinds === 'any' ? t('rules.any') : r.kinds.map((k) => word('hearing', k)).join(', '),
      }),
      task: r.task,
    })),
  ];
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t('rules.title')}</h1>
      <p id="rules-source">
        {data.source === 'organization'
          ? t('rules.source.organization', { version: data.version })
          : t('rules.source.installation')}
      </p>
      {problem && <Alert kind="error">{problem}</Alert>}
      {conflict && (
        <Alert kind="error">
          {t('rules.conflict')}{' '}
          <button
            type="button"
            id="rules-reapply"
            onClick={async () => {
              // The same text again, on the version someone else's change made.
              const fresh = await api.get<EffectiveRules>('/v1/follow-up-rules').catch(() => null);
              if (fresh) await change('PUT', fresh.version);
            }}
          >
            {t('case.reload')}
          </button>
        </Alert>
      )}
      {saved && <Alert kind="ok">{t('case.done')}</Alert>}

      <h2>{t('rules.clocks')}</h2>
      <div class="scroll">
        <table id="rules-clocks">
          <thead>
            <tr>
              <th scope="col">{t('rules.clock')}</th>
              <th scope="col">{t('rules.term')}</th>
              <th scope="col">{t('rules.basis')}</th>
              <th scope="col">{t('rules.checked')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.clocks.map((c) => (
              <tr key={c.id}>
                <td>{c.trigger}</td>
                <td>{durationIn(i18n.locale, c.term, t('rules.atDeadline'))}</td>
                <td>{c.basis}</td>
                <td>
                  {word('confidence', c.confidence)}
                  {c.lastChecked && <> · {dayOf(c.lastChecked)}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('rules.appealRules')}</h2>
      <RuleTable
        id="rules-appeals"
        rows={rules.appealRules.map((r) => ({
          id: r.id,
          applies:
            r.appealTypes === 'any' ? t('rules.any') : r.appealTypes.map((a) => word('type', a)).join(', '),
          task: r.task,
        }))}
      />
      <h2>{t('rules.otherRules')}</h2>
      <RuleTable id="rules-other" rows={otherRules} />

      {mayEdit && (
        <form
          id="rules-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void change('PUT');
          }}
        >
          <div class={`field${problems.length ? ' has-error' : ''}`}>
            <label for="rules-json">{t('rules.edit')}</label>
            <textarea
              id="rules-json"
              class="code"
              rows={16}
              spellcheck={false}
              value={text}
              aria-invalid={problems.length ? 'true' : undefined}
              aria-describedby={problems.length ? 'rules-json-error' : undefined}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            {problems.length > 0 && (
              <div class="error" id="rules-json-error" role="alert">
                {t('rules.invalid')}
                <ul>
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </div>
            )}
          </div>
          <div class="actions">
            <button type="submit">{t('rules.save')}</button>
            {data.source === 'organization' && (
              <button type="button" class="secondary" onClick={() => void change('DELETE')}>
                {t('rules.reset')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

function RuleTable(props: { id: string; rows: { id: string; applies: string; task: Task }[] }) {
  const { t, word, locale } = useI18n();
  return (
    <div class="scroll">
      <table id={props.id}>
        <thead>
          <tr>
            <th scope="col">{t('rules.appliesTo')}</th>
            <th scope="col">{t('rules.task')}</th>
            <th scope="col">{t('rules.due')}</th>
            <th scope="col">{t('rules.basis')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.applies}</td>
              <td>{word('task', r.task.kind, r.task.title)}</td>
              <td>{durationIn(locale, r.task.due, t('rules.atDeadline'))}</td>
              <td>{r.task.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
