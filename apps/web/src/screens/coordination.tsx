import { Link } from 'wouter-preact';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
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
      <TaskList id="unclaimed" items={tasks.data} />
    </section>
  );
}
