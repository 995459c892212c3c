import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api, ApiError } from '../api/client';
import { useSession } from '../api/session';
import { NEXT_STATUSES, OUTCOMES, type CaseStatus } from '../api/vocabulary';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { LawyerPicker } from '../ui/lawyer-picker';
import { usePeople } from '../ui/people';
import { useLoad } from '../ui/use-load';
import { HearingsSection, type CaseHearing } from './case-hearings';
import { CustodySection, type Custody } from './custody';
import { Documents } from './documents';
import { SamePerson } from './same-person';

/** The roles that send and read a case's documents (coordinators never see the person's papers). */
const DOCUMENT_ROLES = ['intake', 'lawyer', 'admin'];

interface CaseView {
  id: string;
  caseNumber: string;
  appealType: string;
  channel: string;
  status: CaseStatus;
  urgency: string;
  assigneeId: string | null;
  assigneeName?: string | null;
  client: {
    id: string;
    fullName: string | null;
    nationality: string | null;
    language: string | null;
    phone: string | null;
    passportNumber: string | null;
    dateOfBirth: string | null;
    erased: boolean;
  };
  incident: Record<string, string | null>;
  deadlines: { deadlineId: string; kind: string | null; dueAt: string; basis: string | null }[];
  openTasks: { id: string; kind: string; title?: string; priority: string; dueAt: string; basis: string }[];
  hearings?: CaseHearing[];
  /** Open cases intake found that may be the same person's. */
  possibleDuplicates?: string[];
  version: number;
  openedAt: string;
  outcome: string | null;
  custody?: Custody | null;
  /** The IANA zone of the case's region, where the case view carries it: its times are shown in it. */
  timeZone?: string | null;
}
interface HistoryEvent {
  position: string;
  version: number;
  type: string;
  recordedAt: string;
  actorId: string | null;
}
/** A case command, kept so that after a 409 it can be sent again on the reloaded version. */
interface Command {
  path: string;
  body: Record<string, unknown>;
}

/**
 * The case: the person as the API reveals it to this role, status and the steps allowed from it,
 * deadlines with their legal basis, open tasks, history. Each change carries the version this
 * page read; a 409 (someone changed the case meanwhile) offers to reload and apply it again.
 */
export function CasePage(props: { id: string }) {
  const i18n = useI18n();
  const { t, word } = i18n;
  const me = useSession()?.user;
  const role = me?.role;
  const view = useLoad(() => api.get<CaseView>(`/v1/cases/${props.id}`), [props.id]);
  const who = usePeople();
  const history = useLoad(
    () => api.get<{ events: HistoryEvent[] }>(`/v1/cases/${props.id}/history`),
    [props.id],
  );
  const [conflict, setConflict] = useState<Command | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [lawyerId, setLawyerId] = useState('');
  const [outcome, setOutcome] = useState<string>(OUTCOMES[0]);

  const run = async (command: Command, version: number) => {
    setProblem(null);
    setDone(false);
    try {
      await api.post(`/v1/cases/${props.id}/${command.path}`, { ...command.body, expectedVersion: version });
      setConflict(null);
      setDone(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setConflict(command);
      else setProblem(sentenceFor(error, i18n));
    }
    await Promise.all([view.reload(), history.reload()]);
  };
  // The follow-ups plan the custody clock just after the command: look again (a few times) until it is there.
  const clockPending = Boolean(view.data?.custody?.current && !view.data.custody.clock);
  const [looks, setLooks] = useState(0);
  useEffect(() => {
    if (!clockPending || looks >= 5) return;
    const timer = setTimeout(() => {
      setLooks((n) => n + 1);
      void view.reload();
    }, 1500);
    return () => clearTimeout(timer);
  }, [clockPending, looks]);
  const reapply = async () => {
    if (!conflict) return;
    const fresh = await api.get<CaseView>(`/v1/cases/${props.id}`);
    await run(conflict, fresh.version);
  };

  if (view.error) return <Alert kind="error">{sentenceFor(view.error, i18n)}</Alert>;
  const c = view.data;
  if (!c) return <p>{t('common.loading')}</p>;
  const mayChange = role !== 'intake';
  const lead = role === 'coordinator' || role === 'admin';
  const person = c.client;
  const dateTime = (iso: string | null | undefined) => i18n.dateTime(iso, c.timeZone);

  return (
    <article aria-labelledby="case-title">
      <h1 id="case-title">{t('case.title', { caseNumber: c.caseNumber })}</h1>
      <p class="meta">
        {word('type', c.appealType)} · {word('urgency', c.urgency)} · {word('channel', c.channel)} ·{' '}
        {dateTime(c.openedAt)}
      </p>
      {conflict && (
        <Alert kind="error">
          {t('case.conflict')}{' '}
          <button type="button" id="reapply" onClick={() => void reapply()}>
            {t('case.reload')}
          </button>
        </Alert>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
      {done && <Alert kind="ok">{t('case.done')}</Alert>}

      <h2>{t('case.person')}</h2>
      {person.erased ? (
        <p>{t('case.erased')}</p>
      ) : (
        <dl class="facts" id="person">
          <dt>{t('intake.fullName')}</dt>
          <dd>{person.fullName ?? '—'}</dd>
          <dt>{t('intake.nationality')}</dt>
          <dd>{person.nationality ?? '—'}</dd>
          <dt>{t('intake.phone')}</dt>
          <dd>{person.phone ?? '—'}</dd>
          <dt>{t('intake.passport')}</dt>
          <dd>{person.passportNumber ?? '—'}</dd>
          <dt>{t('intake.dateOfBirth')}</dt>
          <dd>{person.dateOfBirth ?? '—'}</dd>
          <dt>{t('intake.description')}</dt>
          <dd>{c.incident.description ?? '—'}</dd>
        </dl>
      )}
      <SamePerson clientId={person.id} caseIds={c.possibleDuplicates ?? []} />

      <h2>{t('case.status')}</h2>
      <p id="status">
        <strong>{word('status', c.status)}</strong>
        {c.outcome && <> · {word('outcome', c.outcome)}</>} · {t('case.assignee')}:{' '}
        {c.assigneeId === me?.id ? t('case.you') : (c.assigneeName ?? c.assigneeId ?? t('case.unassigned'))}
      </p>
      {mayChange && c.status !== 'closed' && (
        <div class="actions" id="status-steps">
          <div class="field">
            <label for="reason">{t('case.reason')}</label>
            <input id="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
          {NEXT_STATUSES[c.status].map((next) => (
            <button
              type="button"
              key={next}
              data-status={next}
              onClick={() =>
                void run({ path: 'status', body: { status: next, reason: reason || undefined } }, c.version)
              }
            >
              {t('case.nextSteps')}: {word('status', next)}
            </button>
          ))}
        </div>
      )}
      {lead && c.status !== 'closed' && (
        <div class="actions">
          <LawyerPicker id="lawyer" value={lawyerId} onChange={setLawyerId} />
          <button
            type="button"
            onClick={() => void run({ path: 'assignment', body: { lawyerId } }, c.version)}
          >
            {t('case.assignSubmit')}
          </button>
          <div class="field">
            <label for="outcome">{t('case.outcome')}</label>
            <select id="outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {word('outcome', o)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            class="secondary"
            onClick={() => void run({ path: 'close', body: { outcome } }, c.version)}
          >
            {t('case.close')}
          </button>
        </div>
      )}

      {c.appealType === 'detention' || c.custody ? (
        <CustodySection
          custody={c.custody}
          mayChange={mayChange}
          timeZone={c.timeZone}
          run={(command) => void run(command, c.version)}
        />
      ) : null}

      <HearingsSection
        hearings={c.hearings ?? []}
        mayChange={mayChange && c.status !== 'closed'}
        timeZone={c.timeZone}
        run={(command) => void run(command, c.version)}
      />

      <h2>{t('case.deadlines')}</h2>
      {c.deadlines.length ? (
        <ul class="cards" id="deadlines">
          {c.deadlines.map((d) => (
            <li class="card" key={d.deadlineId}>
              <strong>{word('deadline', d.kind)}</strong> · {dateTime(d.dueAt)}
              <p class="meta">
                {t('queue.basis')}: {d.basis ?? '—'}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('case.none')}</p>
      )}

      <h2>{t('case.tasks')}</h2>
      {c.openTasks.length ? (
        <ul class="cards" id="tasks">
          {c.openTasks.map((task) => (
            <li class="card" key={task.id}>
              <strong class={`priority-${task.priority}`}>{word('urgency', task.priority)}</strong> ·{' '}
              {word('task', task.kind, task.title)} · {dateTime(task.dueAt)}
              <p class="meta">
                {t('queue.basis')}: {task.basis}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('case.none')}</p>
      )}

      <form
        class="actions"
        onSubmit={(e) => {
          e.preventDefault();
          if (!note.trim()) return;
          void api
            .post(`/v1/cases/${props.id}/notes`, { text: note.trim() })
            .then(() => {
              setNote('');
              setDone(true);
              // A note is an event of the case: its version moves on, so read it again.
              return Promise.all([view.reload(), history.reload()]);
            })
            .catch((error) => setProblem(sentenceFor(error, i18n)));
        }}
      >
        <div class="field">
          <label for="note">{t('case.notes')}</label>
          <textarea id="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </div>
        <button type="submit">{t('case.addNote')}</button>
      </form>

      {role && DOCUMENT_ROLES.includes(role) && (
        <Documents
          caseId={props.id}
          timeZone={c.timeZone}
          who={who}
          onAttached={() => Promise.all([view.reload(), history.reload()])}
        />
      )}

      <h2>{t('case.history')}</h2>
      {role === 'admin' && (
        <p>
          <Link href={`/access-log?case=${props.id}`} id="case-access-log">
            {t('access.open')}
          </Link>
        </p>
      )}
      <div class="scroll">
        <table id="history">
          <tbody>
            {(history.data?.events ?? []).map((e) => (
              <tr key={e.position}>
                <td>{dateTime(e.recordedAt)}</td>
                <td>{word('event', e.type)}</td>
                <td>{who(e.actorId)}</td>
                <td class="num">v{e.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
