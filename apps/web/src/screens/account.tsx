import { valibotResolver } from '@hookform/resolvers/valibot';
import { useState } from 'preact/hooks';
import { useForm } from 'react-hook-form';
import * as v from 'valibot';
import { api } from '../api/client';
import { session } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { Alert, described, Field, sentenceFor, showFieldProblems } from '../ui/forms';

const passwordSchema = v.object({
  currentPassword: v.pipe(v.string(), v.minLength(1, 'error.required')),
  newPassword: v.pipe(v.string(), v.minLength(1, 'error.required')),
});
type PasswordForm = v.InferOutput<typeof passwordSchema>;

/**
 * One's own account: the password (`POST /v1/auth/password`, which ends every session, so the
 * app asks to sign in again) and the second factor (`/v1/auth/mfa/totp/enrol`, `/confirm`).
 */
export function Account(props: { mustEnrol?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">{t('account.title')}</h1>
      {props.mustEnrol && <Alert kind="info">{t('account.mfaRequired')}</Alert>}
      <SecondFactor />
      {!props.mustEnrol && <ChangePassword />}
    </section>
  );
}

function ChangePassword() {
  const i18n = useI18n();
  const { t } = i18n;
  const [problem, setProblem] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<PasswordForm>({
    resolver: valibotResolver(passwordSchema),
    defaultValues: { currentPassword: '', newPassword: '' },
  });
  const { errors } = formState;
  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      await api.post('/v1/auth/password', values);
      session.end('signed-out');
    } catch (error) {
      if (!showFieldProblems(error, setError, i18n)) setProblem(sentenceFor(error, i18n));
    }
  });
  return (
    <>
      <h2>{t('account.password')}</h2>
      {problem && <Alert kind="error">{problem}</Alert>}
      <form class="row" noValidate onSubmit={submit}>
        <Field id="currentPassword" label={t('account.currentPassword')} error={errors.currentPassword}>
          <input
            type="password"
            autocomplete="current-password"
            {...described('currentPassword', errors.currentPassword)}
            {...register('currentPassword')}
          />
        </Field>
        <Field id="newPassword" label={t('account.newPassword')} error={errors.newPassword}>
          <input
            type="password"
            autocomplete="new-password"
            {...described('newPassword', errors.newPassword)}
            {...register('newPassword')}
          />
        </Field>
        <div class="field">
          <button type="submit">{t('account.password')}</button>
        </div>
      </form>
    </>
  );
}

function SecondFactor() {
  const i18n = useI18n();
  const { t } = i18n;
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const attempt = async (work: () => Promise<void>) => {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
  };
  return (
    <>
      <h2>{t('account.mfa')}</h2>
      {problem && <Alert kind="error">{problem}</Alert>}
      {codes ? (
        <>
          <p>{t('account.recoveryCodes')}</p>
          <ul id="recovery-codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => session.end('signed-out')}>
            {t('account.signInAgain')}
          </button>
        </>
      ) : enrolment ? (
        <form
          class="actions"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(async () => {
              const answer = await api.post<{ recoveryCodes: string[] }>('/v1/auth/mfa/totp/confirm', {
                code,
              });
              setCodes(answer.recoveryCodes);
            });
          }}
        >
          <p class="secret">{t('account.mfaSecret', { secret: enrolment.secret })}</p>
          <div class="field">
            <label for="totp-code">{t('account.mfaCode')}</label>
            <input
              id="totp-code"
              inputMode="numeric"
              autocomplete="one-time-code"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value.trim())}
            />
          </div>
          <button type="submit">{t('account.mfaConfirm')}</button>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => void attempt(async () => setEnrolment(await api.post('/v1/auth/mfa/totp/enrol')))}
        >
          {t('account.mfaStart')}
        </button>
      )}
    </>
  );
}
