import { useId, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api, ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { useLoad } from '../ui/use-load';
import { MyHearings } from './hearings';

/** A queue item (`GET /v1/tasks`): the task, and its case's number, type, urgency and status. */
export interface TaskItem {
  id: string;
  caseId: string | null;
  kind: string;
  title?: string;
  priority: string;
  dueAt: string;
  status: string;
  basis: string;
  caseNumber: string | null;
  appealType: string | null;
  urgency: string | null;
  caseStatus: string | null;
  /** Of the legal text behind the due time: `to_verify` until a lawyer checked it. */
  confidence: string | null;
}
const tasksOf = (query: string) => api.get<{ items: TaskItem[] }>(`/v1/tasks?${query}`).then((a) => a.items);

/** A lawyer's day: my open tasks, most urgent first (the API's order), then the unclaimed ones. */
export function Queue() {
  const i18n = useI18n();
  const { t } = i18n;
  const mine = useLoad(() => tasksOf('assignee=me&status=open'));
  const free = useLoad(() => tasksOf('assignee=none&status=open'));
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setProblem(null);
    setNote(null);
    try {
      await work();
      setNote(done);
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 409 ? t('queue.taken') : sentenceFor(error, i18n),
      );
    }
    await Promise.all([mine.reload(), free.reload()]);
  };

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('queue.title')}</h1>
      {problem && <Alert kind="error">{problem}</Alert>}
      {note && <Alert kind="ok">{note}</Alert>}
      {mine.error ? <Alert kind="error">{sentenceFor(mine.error, i18n)}</Alert> : null}
      <TaskList
        id="my-tasks"
        items={mine.data}
        render={(task) => (
          <CompleteTask
            onComplete={(result) =>
              act(() => api.post(`/v1/tasks/${task.id}/complete`, { result }), t('case.done'))
            }
            onRelease={() => act(() => api.post(`/v1/tasks/${task.id}/release`), t('case.done'))}
          />
        )}
      />
      <MyHearings />
      <h2>{t('queue.unclaimed')}</h2>
      <TaskList
        id="free-tasks"
        items={free.data}
        render={(task) => (
          <div class="actions">
            <button
              type="button"
              onClick={() => act(() => api.post(`/v1/tasks/${task.id}/claim`), t('case.done'))}
            >
              {t('queue.claim')}
            </button>
          </div>
        )}
      />
    </section>
  );
}

export function TaskList(props: {
  id: string;
  items: TaskItem[] | null;
  render?: (task: TaskItem) => preact.ComponentChildren;
}) {
  const { t, word, dateTime } = useI18n();
  if (!props.items) return <p>{t('common.loading')}</p>;
  if (!props.items.length) return <p id={props.id}>{t('queue.empty')}</p>;
  return (
    <ul class="cards" id={props.id}>
      {props.items.map((task) => (
        <li class="card task" key={task.id} data-task={task.id}>
          <h3>
            <span class={`priority-${task.priority}`}>{word('urgency', task.urgency ?? task.priority)}</span>{' '}
            · {word('task', task.kind, task.title)}
          </h3>
          <p class="meta">
            {task.caseId && (
              <>
                {t('queue.case')}:{' '}
                <Link href={`/cases/${task.caseId}`}>{task.caseNumber ?? task.caseId.slice(0, 8)}</Link>
                {task.appealType && <> ({word('type', task.appealType)})</>} ·{' '}
              </>
            )}
            {t('queue.due')}: <time dateTime={task.dueAt}>{dateTime(task.dueAt)}</time>
          </p>
          <p class="meta">
            {t('queue.basis')}: {task.basis}
            {task.confidence === 'to_verify' && <> ({t('queue.toVerify')})</>}
          </p>
          {props.render?.(task)}
        </li>
      ))}
    </ul>
  );
}

function CompleteTask(props: {
  onComplete: (result: string) => Promise<void>;
  onRelease: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [result, setResult] = useState('');
  const [missing, setMissing] = useState(false);
  const id = `result-${useId()}`;
  return (
    <form
      class="actions"
      onSubmit={(e) => {
        e.preventDefault();
        if (!result.trim()) return setMissing(true);
        void props.onComplete(result.trim());
      }}
    >
      <div class={`field${missing ? ' has-error' : ''}`}>
        <label for={id}>{t('queue.result')}</label>
        <input
          id={id}
          name="result"
          value={result}
          aria-invalid={missing ? 'true' : undefined}
          aria-describedby={missing ? `${id}-error` : undefined}
          onInput={(e) => setResult(e.currentTarget.value)}
        />
        {missing && (
          <p class="error" id={`${id}-error`} role="alert">
            {t('error.required')}
          </p>
        )}
      </div>
      <button type="submit">{t('queue.complete')}</button>
      <button type="button" class="secondary" onClick={() => void props.onRelease()}>
        {t('queue.release')}
      </button>
    </form>
  );
}
