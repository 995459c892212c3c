import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { CaseTable, type CaseListItem } from '../ui/case-table';
import { LawyerPicker } from '../ui/lawyer-picker';
import { useLoad } from '../ui/use-load';
import { TaskList, type TaskItem } from './queue';

/**
 * The coordinator's room: today's dashboard (its own page), the new cases to triage and assign
 * (on the case page), and the tasks nobody has claimed.
 */
export function Coordination() {
  const i18n = useI18n();
  const { t } = i18n;
  const cases = useLoad(() =>
    api.get<{ items: CaseListItem[] }>('/v1/cases?status=new&limit=50').then((a) => a.items),
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
      <CaseTable id="new-cases" items={cases.data} columns={['type', 'urgency', 'assignee', 'opened']} />
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
