import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { LawyerPicker } from '../ui/lawyer-picker';
import { useLoad } from '../ui/use-load';
import { TaskList, type TaskItem } from './queue';

interface CaseItem {
  id: string;
  caseNumber: string;
  appealType: string;
  urgency: string;
  status: string;
  assigneeId: string | null;
  openedAt: string;
}

/**
 * The coordinator's room: today's dashboard (its own page), the new cases to triage and assign
 * (on the case page), and the tasks nobody has claimed.
 */
export function Coordination() {
  const i18n = useI18n();
  const { t, word, dateTime } = i18n;
  const cases = useLoad(() =>
    api.get<{ items: CaseItem[] }>('/v1/cases?status=new&limit=50').then((a) => a.items),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const tasks = useLoad(() =>
    api.get<{ items: TaskItem[] }>('/v1/tasks?assignee=none&status=open').then((a) => a.items),
  );
  return (
    <section aria-labelledby="coord-title">
      <h1 id="coord-title">{t('coord.title')}</h1>
      <p>
        <a href="/dashboard" id="dashboard-link">
          {t('coord.dashboardLink')}
        </a>
      </p>
      <h2>{t('coord.cases')}</h2>
      {cases.error ? <Alert kind="error">{sentenceFor(cases.error, i18n)}</Alert> : null}
      <div class="scroll">
        <table id="new-cases">
          <thead>
            <tr>
              <th scope="col">{t('queue.case')}</th>
              <th scope="col">{t('intake.appealType')}</th>
              <th scope="col">{t('intake.urgency')}</th>
              <th scope="col">{t('case.assignee')}</th>
              <th scope="col">{t('queue.due')}</th>
            </tr>
          </thead>
          <tbody>
            {(cases.data ?? []).map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/cases/${c.id}`}>{c.caseNumber}</Link>
                </td>
                <td>{word('type', c.appealType)}</td>
                <td>{word('urgency', c.urgency)}</td>
                <td>{c.assigneeId ? c.assigneeId.slice(0, 8) : t('case.unassigned')}</td>
                <td>{dateTime(c.openedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('coord.unassignedTasks')}</h2>
      {problem && <Alert kind="error">{problem}</Alert>}
      <TaskList
        id="unclaimed"
        items={tasks.data}
        render={(task) => (
          <AssignTask
            taskId={task.id}
            onAssign={async (userId) => {
              setProblem(null);
              try {
                await api.post(`/v1/tasks/${task.id}/assign`, { userId });
              } catch (error) {
                setProblem(sentenceFor(error, i18n));
              }
              await tasks.reload();
            }}
          />
        )}
      />
    </section>
  );
}

/** Gives an unclaimed task to a lawyer (`POST /v1/tasks/:id/assign {userId}`). */
function AssignTask(props: { taskId: string; onAssign: (userId: string) => Promise<void> }) {
  const { t } = useI18n();
  const [userId, setUserId] = useState('');
  return (
    <form
      class="actions"
      onSubmit={(e) => {
        e.preventDefault();
        if (userId) void props.onAssign(userId);
      }}
    >
      <LawyerPicker id={`assign-${props.taskId}`} value={userId} onChange={setUserId} />
      <button type="submit">{t('case.assignSubmit')}</button>
    </form>
  );
}
