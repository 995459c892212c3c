import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { User } from '../screens/users';
import { useLoad } from './use-load';

/**
 * The organization's lawyers by name (`GET /v1/users?role=lawyer`); where the server has no
 * users route yet, a field for a lawyer's id.
 */
let lawyersOnce: Promise<User[]> | null = null;
/** One request for every picker on the screen; asked again on the next screen. */
const loadLawyers = () =>
  (lawyersOnce ??= api
    .get<{ items: User[] }>('/v1/users?role=lawyer')
    .then((a) => a.items)
    .finally(() => setTimeout(() => (lawyersOnce = null), 5000)));

export function LawyerPicker(props: { id: string; value: string; onChange: (lawyerId: string) => void }) {
  const { t } = useI18n();
  const lawyers = useLoad(loadLawyers);
  return (
    <div class="field">
      <label for={props.id}>{t('case.assign')}</label>
      {lawyers.data ? (
        <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="">—</option>
          {lawyers.data.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName ?? u.email}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={props.id}
          value={props.value}
          onInput={(e) => props.onChange(e.currentTarget.value.trim())}
        />
      )}
    </div>
  );
}
