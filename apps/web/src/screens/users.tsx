import { valibotResolver } from '@hookform/resolvers/valibot';
import { useState } from 'preact/hooks';
import { useForm } from 'react-hook-form';
import * as v from 'valibot';
import { api, request } from '../api/client';
import type { Role } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { Alert, described, Field, sentenceFor, showFieldProblems, WordSelect } from '../ui/forms';
import { useLoad } from '../ui/use-load';

const ROLES: Role[] = ['intake', 'lawyer', 'coordinator', 'admin'];
export interface User {
  id: string;
  email: string;
  displayName?: string | null;
  role: Role;
  status: 'active' | 'disabled';
  secondFactor?: boolean;
}
interface PasswordReset {
  token: string;
  expiresAt: string;
}
const schema = v.object({
  email: v.pipe(v.string(), v.trim(), v.minLength(3, 'error.required')),
  displayName: v.pipe(v.string(), v.trim(), v.minLength(1, 'error.required')),
  role: v.picklist(ROLES),
});
type NewUser = v.InferOutput<typeof schema>;

/**
 * The admin's desk: users of the organization (`GET/POST /v1/users`, `PATCH /v1/users/:id`,
 * `POST /v1/users/:id/password-reset`, as the accounts work defines them).
 */
export function Users() {
  const i18n = useI18n();
  const { t, word } = i18n;
  const users = useLoad(() => api.get<{ items: User[] }>('/v1/users').then((a) => a.items));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // A password-reset token is shown once, to hand to the person; the admin never knows a password.
  const [token, setToken] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<NewUser>({
    resolver: valibotResolver(schema),
    defaultValues: { email: '', displayName: '', role: 'intake' },
  });
  const { errors } = formState;
  const act = async (work: () => Promise<unknown>) => {
    setProblem(null);
    setSaved(false);
    try {
      await work();
      setSaved(true);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
    await users.reload();
  };
  const create = handleSubmit(async (values) => {
    setProblem(null);
    try {
      const answer = await api.post<{ passwordReset?: PasswordReset }>('/v1/users', values);
      setToken(answer.passwordReset?.token ?? null);
      reset();
      setSaved(true);
      await users.reload();
    } catch (error) {
      if (!showFieldProblems(error, setError, i18n)) setProblem(sentenceFor(error, i18n));
    }
  });

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('users.title')}</h1>
      {problem && <Alert kind="error">{problem}</Alert>}
      {saved && <Alert kind="ok">{t('users.saved')}</Alert>}
      {token && (
        <Alert kind="info">
          <span class="secret">{t('users.token', { token })}</span>
        </Alert>
      )}
      {users.error ? <Alert kind="error">{sentenceFor(users.error, i18n)}</Alert> : null}
      <div class="scroll">
        <table id="users">
          <thead>
            <tr>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.displayName')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.displayName ?? '—'}</td>
                <td>
                  <select
                    aria-label={`${t('users.role')}: ${u.email}`}
                    value={u.role}
                    onChange={(e) => void act(() => patch(u.id, { role: e.currentTarget.value }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {word('role', r)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{word('userStatus', u.status)}</td>
                <td class="actions">
                  <button
                    type="button"
                    class="secondary"
                    onClick={() =>
                      void act(() => patch(u.id, { status: u.status === 'active' ? 'disabled' : 'active' }))
                    }
                  >
                    {u.status === 'active' ? t('users.disable') : t('users.enable')}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() =>
                      void act(async () =>
                        setToken((await api.post<PasswordReset>(`/v1/users/${u.id}/password-reset`)).token),
                      )
                    }
                  >
                    {t('users.reset')}
                  </button>
                  {u.secondFactor && (
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => void act(() => request('DELETE', `/v1/users/${u.id}/second-factor`))}
                    >
                      {t('users.removeMfa')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('users.create')}</h2>
      <form class="row" noValidate onSubmit={create}>
        <Field id="new-email" label={t('users.email')} error={errors.email}>
          <input type="email" {...described('new-email', errors.email)} {...register('email')} />
        </Field>
        <Field id="new-displayName" label={t('users.displayName')} error={errors.displayName}>
          <input {...described('new-displayName', errors.displayName)} {...register('displayName')} />
        </Field>
        <WordSelect
          id="new-role"
          label={t('users.role')}
          group="role"
          values={ROLES}
          registration={register('role')}
        />
        <div class="field">
          <button type="submit">{t('users.create')}</button>
        </div>
      </form>
      <SecondFactorRoles />
    </section>
  );
}

/** Which roles must log in with a second factor (`GET/PUT /v1/organization/security`). */
function SecondFactorRoles() {
  const i18n = useI18n();
  const { t, word } = i18n;
  const security = useLoad(() => api.get<{ secondFactorRoles: Role[] }>('/v1/organization/security'));
  const [chosen, setChosen] = useState<Role[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (!security.data) return null;
  const roles = chosen ?? security.data.secondFactorRoles;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        setSaved(false);
        void request('PUT', '/v1/organization/security', { body: { secondFactorRoles: roles } })
          .then(() => setSaved(true))
          .then(() => security.reload())
          .catch((error) => setProblem(sentenceFor(error, i18n)));
      }}
    >
      <fieldset class="choices">
        <legend>{t('users.mfaRoles')}</legend>
        {ROLES.map((r) => (
          <label key={r} class="choice">
            <input
              type="checkbox"
              checked={roles.includes(r)}
              onChange={(e) =>
                setChosen(e.currentTarget.checked ? [...roles, r] : roles.filter((x) => x !== r))
              }
            />{' '}
            {word('role', r)}
          </label>
        ))}
      </fieldset>
      {problem && <Alert kind="error">{problem}</Alert>}
      {saved && (
        <Alert kind="ok">
          <span id="mfa-saved">{t('users.saved')}</span>
        </Alert>
      )}
      <button type="submit">{t('users.mfaSave')}</button>
    </form>
  );
}

const patch = (id: string, body: Record<string, string>) => request('PATCH', `/v1/users/${id}`, { body });
