import { valibotResolver } from '@hookform/resolvers/valibot';
import { useState } from 'preact/hooks';
import { useForm } from 'react-hook-form';
import * as v from 'valibot';
import { ApiError, signIn } from '../api/client';
import { session } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { Alert, described, Field, sentenceFor } from '../ui/forms';

const schema = v.object({
  email: v.pipe(v.string(), v.trim(), v.minLength(3, 'error.required')),
  password: v.pipe(v.string(), v.minLength(1, 'error.required')),
  otp: v.optional(v.pipe(v.string(), v.trim())),
});
type SignInForm = v.InferOutput<typeof schema>;

/** Shown in place of any screen while nobody is signed in; after it, that same screen renders. */
export function SignIn() {
  const i18n = useI18n();
  const { t } = i18n;
  const [problem, setProblem] = useState<string | null>(
    session.endedBecause() === 'expired' ? t('signIn.expired') : null,
  );
  const [askOtp, setAskOtp] = useState(false);
  const { register, handleSubmit, formState } = useForm<SignInForm>({ resolver: valibotResolver(schema) });
  const { errors, isSubmitting } = formState;

  const submit = handleSubmit(async ({ email, password, otp }) => {
    setProblem(null);
    try {
      await signIn(email, password, otp || undefined);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        // An account with a second factor and no code sent: the accounts routes say so by code.
        const needsOtp = error.code === 'second_factor_required';
        if (needsOtp) setAskOtp(true);
        setProblem(needsOtp ? t('signIn.otpRequired') : t('signIn.wrong'));
      } else if (error instanceof ApiError && error.status === 429) {
        setProblem(t('signIn.throttled', { seconds: error.retryAfter ?? 60 }));
      } else setProblem(sentenceFor(error, i18n));
    }
  });

  return (
    <section class="narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {problem && <Alert kind="error">{problem}</Alert>}
      <form id="sign-in" onSubmit={submit} noValidate>
        <Field id="email" label={t('signIn.email')} error={errors.email}>
          <input
            type="email"
            autocomplete="username"
            {...described('email', errors.email)}
            {...register('email')}
          />
        </Field>
        <Field id="password" label={t('signIn.password')} error={errors.password}>
          <input
            type="password"
            autocomplete="current-password"
            {...described('password', errors.password)}
            {...register('password')}
          />
        </Field>
        {askOtp && (
          <Field id="otp" label={t('signIn.otp')} error={errors.otp}>
            <input
              inputMode="numeric"
              autocomplete="one-time-code"
              {...described('otp')}
              {...register('otp')}
            />
          </Field>
        )}
        <button type="submit" disabled={isSubmitting}>
          {t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
