import { valibotResolver } from '@hookform/resolvers/valibot';
import * as v from 'valibot';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useForm } from 'react-hook-form';
import { Link } from 'wouter-preact';
import { session } from '../api/session';
import { APPEAL_TYPES, CHANNELS, TYPE_KEYS, URGENCIES } from '../api/vocabulary';
import { useI18n } from '../i18n/i18n';
import { discard, keep } from '../offline/outbox';
import { flush, onSent } from '../offline/use-outbox';
import { Alert, described, Field, sentenceFor, showFieldProblems, WordSelect } from '../ui/forms';
import { appealBody, intakeFieldOf, intakeSchema, type IntakeForm } from './intake-schema';
import { ReturningPeople } from './returning-people';
import type { Sent } from '../offline/outbox';

const EMPTY: IntakeForm = {
  // null, not undefined: reset() then clears the checked radio.
  appealType: null as unknown as IntakeForm['appealType'],
  urgency: '',
  fullName: '',
  nationality: '',
  description: '',
  channel: 'hotline',
};

/**
 * One screen, required fields first. The first keystroke picks the appeal type (the key shown
 * beside it), the second the urgency (1–4); the cursor is then in the name field. Ctrl+Enter
 * logs the appeal from anywhere in the form. Every appeal is first kept on the device (encrypted)
 * and then sent, so a lost connection loses nothing; see offline/outbox.ts.
 */
export function Intake() {
  const i18n = useI18n();
  const { t, word } = i18n;
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<IntakeForm>({
    resolver: valibotResolver(intakeSchema),
    // Every check runs (the resolver's pipes go on past a first problem): all problems at once.
    criteriaMode: 'all',
    defaultValues: EMPTY,
  });
  const { register, handleSubmit, formState, setValue, watch, setError, reset, setFocus } = form;
  const { errors, isSubmitting } = formState;
  const [sent, setSent] = useState<Sent | null>(null);
  const [queued, setQueued] = useState(false);
  const [more, setMore] = useState(false);
  const waitingFor = useRef<string | null>(null);
  const typeGroup = useRef<HTMLFieldSetElement>(null);
  const urgencyGroup = useRef<HTMLFieldSetElement>(null);

  useEffect(() => {
    typeGroup.current?.querySelector<HTMLInputElement>('input')?.focus();
    // Ready for the first keystroke: the browser tests read this as time to interactive.
    performance.mark('intake-ready');
    return onSent((answer) => {
      if (answer.id !== waitingFor.current) return;
      setSent(answer);
      setQueued(false);
    });
  }, []);

  const pickType = (event: KeyboardEvent) => {
    const index = TYPE_KEYS.indexOf(event.key);
    if (index < 0 || event.ctrlKey || event.altKey || event.metaKey) return;
    event.preventDefault();
    setValue('appealType', APPEAL_TYPES[index], { shouldValidate: true });
    urgencyGroup.current?.querySelector<HTMLInputElement>('input')?.focus();
  };
  const pickUrgency = (event: KeyboardEvent) => {
    const index = Number(event.key) - 1;
    if (!(index >= 0 && index < URGENCIES.length) || event.ctrlKey || event.altKey) return;
    event.preventDefault();
    setValue('urgency', URGENCIES[index]);
    setFocus('fullName');
  };

  // Appeals the server acknowledged while this screen waited (through whichever flush sent them).
  const sentIds = useRef(new Set<string>());
  useEffect(() => onSent((a) => void sentIds.current.add(a.id)), []);

  const submit = handleSubmit(async (values) => {
    const user = session.get()?.user;
    if (!user) return;
    setSent(null);
    setQueued(false);
    setProblem(null);
    const id = await keep(user.id, appealBody(v.parse(intakeSchema, values), new Date()));
    waitingFor.current = id;
    const { refused } = await flush(user.id);
    const mine = refused.find((r) => r.id === id);
    if (mine) {
      // Sent at once and refused: the worker is still here, so the form shows why, per field.
      await discard(id);
      if (!showFieldProblems(mine.error, setError, i18n, intakeFieldOf))
        setProblem(sentenceFor(mine.error, i18n));
      return;
    }
    // Not acknowledged: no connection; it waits on the device (the banner counts it).
    if (!sentIds.current.has(id)) setQueued(true);
    reset(EMPTY);
    typeGroup.current?.querySelector<HTMLInputElement>('input')?.focus();
  });

  const clientId = watch('clientId');
  const [fullName, passport, phone] = watch(['fullName', 'passportNumber', 'phone']);

  return (
    <section aria-labelledby="intake-title">
      <h1 id="intake-title">{t('intake.title')}</h1>
      {sent && (
        <Alert kind="ok">
          <span id="case-number">{t('intake.saved', { caseNumber: sent.caseNumber })}</span>{' '}
          <Link href={`/cases/${sent.caseId}`}>{t('intake.openCase')}</Link>
          {sent.possibleDuplicates.length > 0 && (
            <> · {t('intake.duplicates', { n: sent.possibleDuplicates.length })}</>
          )}
        </Alert>
      )}
      {queued && <Alert kind="info">{t('intake.queued')}</Alert>}
      {problem && <Alert kind="error">{problem}</Alert>}
      <form
        id="intake"
        noValidate
        onSubmit={submit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <fieldset class="choices" ref={typeGroup} onKeyDown={pickType} aria-describedby="type-hint">
          <legend>{t('intake.appealType')}</legend>
          <p class="hint" id="type-hint">
            {t('intake.appealTypeHint')}
          </p>
          {APPEAL_TYPES.map((type, i) => (
            <label key={type} class="choice">
              <input type="radio" value={type} {...register('appealType')} />
              <kbd aria-hidden="true">{TYPE_KEYS[i]}</kbd> {word('type', type)}
            </label>
          ))}
          {errors.appealType && (
            <p class="error" role="alert">
              {t('error.required')}
            </p>
          )}
        </fieldset>
        <fieldset class="choices" ref={urgencyGroup} onKeyDown={pickUrgency}>
          <legend>{t('intake.urgency')}</legend>
          {URGENCIES.map((urgency, i) => (
            <label key={urgency} class={`choice urgency-${urgency}`}>
              <input type="radio" value={urgency} {...register('urgency')} />
              <kbd aria-hidden="true">{i + 1}</kbd> {word('urgency', urgency)}
            </label>
          ))}
          <label class="choice">
            <input type="radio" value="" {...register('urgency')} /> {t('intake.urgency.auto')}
          </label>
        </fieldset>
        <ReturningPeople
          name={fullName ?? ''}
          passport={passport ?? ''}
          phone={phone ?? ''}
          picked={clientId}
          onPick={(id) => setValue('clientId', id)}
        />
        {!clientId && (
          <div class="row">
            <Field id="fullName" label={t('intake.fullName')} error={errors.fullName}>
              <input
                autocomplete="off"
                {...described('fullName', errors.fullName)}
                {...register('fullName')}
              />
            </Field>
            <Field id="nationality" label={t('intake.nationality')} error={errors.nationality}>
              <input
                autocomplete="off"
                maxLength={2}
                list="countries"
                class="short"
                {...described('nationality', errors.nationality)}
                {...register('nationality')}
              />
            </Field>
            <datalist id="countries">
              {['TJ', 'UZ', 'KG', 'KZ', 'AZ', 'AM', 'MD', 'UA', 'TM'].map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </div>
        )}
        <Field id="description" label={t('intake.description')} error={errors.description}>
          <textarea rows={3} {...described('description', errors.description)} {...register('description')} />
        </Field>
        <details open={more} onToggle={(e) => setMore((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>{t('intake.more')}</summary>
          <div class="row">
            <WordSelect
              id="channel"
              label={t('intake.channel')}
              group="channel"
              values={CHANNELS}
              registration={register('channel')}
            />
            {!clientId && (
              <>
                <Field id="phone" label={t('intake.phone')} error={errors.phone}>
                  <input type="tel" {...described('phone', errors.phone)} {...register('phone')} />
                </Field>
                <Field id="passportNumber" label={t('intake.passport')} error={errors.passportNumber}>
                  <input
                    {...described('passportNumber', errors.passportNumber)}
                    {...register('passportNumber')}
                  />
                </Field>
                <Field id="dateOfBirth" label={t('intake.dateOfBirth')} error={errors.dateOfBirth}>
                  <input
                    type="date"
                    {...described('dateOfBirth', errors.dateOfBirth)}
                    {...register('dateOfBirth')}
                  />
                </Field>
                <Field id="language" label={t('intake.language')} error={errors.language}>
                  <input
                    class="short"
                    {...described('language', errors.language)}
                    {...register('language')}
                  />
                </Field>
              </>
            )}
            <Field id="region" label={t('intake.region')} error={errors.region}>
              <input {...described('region', errors.region)} {...register('region')} />
            </Field>
            <Field id="city" label={t('intake.city')} error={errors.city}>
              <input {...described('city', errors.city)} {...register('city')} />
            </Field>
            <Field id="location" label={t('intake.location')} error={errors.location}>
              <input {...described('location', errors.location)} {...register('location')} />
            </Field>
            <Field id="occurredAt" label={t('intake.occurredAt')} error={errors.occurredAt}>
              <input
                type="datetime-local"
                {...described('occurredAt', errors.occurredAt)}
                {...register('occurredAt')}
              />
            </Field>
          </div>
        </details>
        <button type="submit" disabled={isSubmitting}>
          {t('intake.submit')} <kbd aria-hidden="true">Ctrl+Enter</kbd>
        </button>
      </form>
    </section>
  );
}
