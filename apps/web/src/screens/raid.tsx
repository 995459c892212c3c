import { valibotResolver } from '@hookform/resolvers/valibot';
import { useRef, useState } from 'preact/hooks';
import { useFieldArray, useForm } from 'react-hook-form';
import { Link } from 'wouter-preact';
import * as v from 'valibot';
import { api } from '../api/client';
import { APPEAL_TYPES, CHANNELS, INCIDENT_KINDS, URGENCIES } from '../api/vocabulary';
import { useI18n } from '../i18n/i18n';
import { Alert, described, Field, sentenceFor, showFieldProblems, WordSelect } from '../ui/forms';
import { COUNTRY, person } from './intake-schema';

const row = v.object({
  ...person,
  fullName: v.pipe(person.fullName, v.minLength(1, 'error.required')),
  nationality: v.pipe(person.nationality, v.regex(COUNTRY, 'error.country')),
});
const optional = v.optional(v.pipe(v.string(), v.trim()));
const schema = v.object({
  kind: v.picklist(INCIDENT_KINDS),
  appealType: v.picklist(APPEAL_TYPES),
  channel: v.picklist(CHANNELS),
  urgency: v.optional(v.picklist([...URGENCIES, ''])),
  region: optional,
  city: optional,
  location: optional,
  description: v.pipe(v.string(), v.trim(), v.minLength(1, 'error.required')),
  people: v.pipe(v.array(row), v.minLength(1), v.maxLength(500)),
});
type RaidForm = v.InferInput<typeof schema>;
const blankPerson = (nationality = '') => ({ fullName: '', nationality, phone: '', passportNumber: '' });
const orUndefined = (v: string | undefined) => (v ? v : undefined);

/**
 * A raid: one incident, many people, one case each — all logged or none (`POST /v1/incidents`).
 * Rows are added one by one or from a pasted list of names. The Idempotency-Key is kept until
 * the server answers, so pressing the button again after a lost answer logs nobody twice.
 */
export function Raid() {
  const i18n = useI18n();
  const { t } = i18n;
  const [done, setDone] = useState<{ incidentId: string; caseIds: string[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [paste, setPaste] = useState('');
  const [defaultNationality, setDefaultNationality] = useState('TJ');
  const key = useRef(crypto.randomUUID());
  const { register, control, handleSubmit, formState, setError, reset } = useForm<RaidForm>({
    resolver: valibotResolver(schema),
    criteriaMode: 'all',
    defaultValues: {
      kind: 'dormitory_raid',
      appealType: 'detention',
      channel: 'hotline',
      urgency: '',
      description: '',
      people: [blankPerson('TJ')],
    },
  });
  const people = useFieldArray({ control, name: 'people' });
  const { errors, isSubmitting } = formState;

  const addPasted = () => {
    const names = paste
      .split(/\r?\n/)
      .map((n) => n.trim())
      .filter(Boolean);
    if (!names.length) return;
    // The one empty starting row gives way to the list.
    const rows = people.fields;
    if (rows.length === 1 && !rows[0].fullName) people.remove(0);
    people.append(names.map((fullName) => ({ ...blankPerson(defaultNationality.toUpperCase()), fullName })));
    setPaste('');
  };

  const submit = handleSubmit(async (values) => {
    setProblem(null);
    const form = v.parse(schema, values);
    const body = {
      kind: form.kind,
      appealType: form.appealType,
      channel: form.channel,
      urgency: orUndefined(form.urgency),
      receivedAt: new Date().toISOString(),
      region: orUndefined(form.region),
      city: orUndefined(form.city),
      location: orUndefined(form.location),
      description: form.description,
      people: form.people.map((p) => ({
        fullName: p.fullName,
        nationality: p.nationality,
        phone: orUndefined(p.phone),
        passportNumber: orUndefined(p.passportNumber),
      })),
    };
    try {
      const answer = await api.post<{ incidentId: string; caseIds: string[] }>(
        '/v1/incidents',
        body,
        key.current,
      );
      setDone(answer);
      key.current = crypto.randomUUID();
      reset();
    } catch (error) {
      if (!showFieldProblems(error, setError, i18n)) setProblem(sentenceFor(error, i18n));
    }
  });

  return (
    <section aria-labelledby="raid-title">
      <h1 id="raid-title">{t('raid.title')}</h1>
      {done && (
        <Alert kind="ok">
          <span id="raid-result">{t('raid.saved', { n: done.caseIds.length })}</span>{' '}
          <Link href={`/incidents/${done.incidentId}`} id="open-incident">
            {t('incident.open')}
          </Link>
        </Alert>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
      <form id="raid" noValidate onSubmit={submit}>
        <div class="row">
          <WordSelect
            id="kind"
            label={t('raid.kind')}
            group="kind"
            values={INCIDENT_KINDS}
            registration={register('kind')}
          />
          <WordSelect
            id="appealType"
            label={t('intake.appealType')}
            group="type"
            values={APPEAL_TYPES}
            registration={register('appealType')}
          />
          <WordSelect
            id="urgency"
            label={t('intake.urgency')}
            group="urgency"
            values={URGENCIES}
            registration={register('urgency')}
            empty={t('intake.urgency.auto')}
          />
          <WordSelect
            id="channel"
            label={t('intake.channel')}
            group="channel"
            values={CHANNELS}
            registration={register('channel')}
          />
        </div>
        <Field id="description" label={t('intake.description')} error={errors.description}>
          <textarea rows={2} {...described('description', errors.description)} {...register('description')} />
        </Field>
        <div class="row">
          <Field id="region" label={t('intake.region')}>
            <input id="region" {...register('region')} />
          </Field>
          <Field id="city" label={t('intake.city')}>
            <input id="city" {...register('city')} />
          </Field>
          <Field id="location" label={t('intake.location')}>
            <input id="location" {...register('location')} />
          </Field>
        </div>
        <fieldset>
          <legend>{t('raid.people')}</legend>
          <div class="row">
            <Field id="paste" label={t('raid.paste')}>
              <textarea id="paste" rows={4} value={paste} onInput={(e) => setPaste(e.currentTarget.value)} />
            </Field>
            <Field id="defaultNationality" label={t('raid.defaultNationality')}>
              <input
                id="defaultNationality"
                class="short"
                maxLength={2}
                value={defaultNationality}
                onInput={(e) => setDefaultNationality(e.currentTarget.value)}
              />
            </Field>
          </div>
          <button type="button" class="secondary" id="paste-add" onClick={addPasted}>
            {t('raid.pasteAdd')}
          </button>
          <ol class="cards" aria-label={t('raid.people')}>
            {people.fields.map((field, i) => {
              const e = errors.people?.[i];
              return (
                <li key={field.id} class="people-row" aria-label={t('raid.row', { n: i + 1 })}>
                  <Field id={`people-${i}-fullName`} label={t('intake.fullName')} error={e?.fullName}>
                    <input
                      {...described(`people-${i}-fullName`, e?.fullName)}
                      {...register(`people.${i}.fullName`)}
                    />
                  </Field>
                  <Field
                    id={`people-${i}-nationality`}
                    label={t('intake.nationality')}
                    error={e?.nationality}
                  >
                    <input
                      class="short"
                      maxLength={2}
                      {...described(`people-${i}-nationality`, e?.nationality)}
                      {...register(`people.${i}.nationality`)}
                    />
                  </Field>
                  <Field id={`people-${i}-phone`} label={t('intake.phone')} error={e?.phone}>
                    <input
                      type="tel"
                      {...described(`people-${i}-phone`, e?.phone)}
                      {...register(`people.${i}.phone`)}
                    />
                  </Field>
                  <Field id={`people-${i}-passport`} label={t('intake.passport')} error={e?.passportNumber}>
                    <input
                      {...described(`people-${i}-passport`, e?.passportNumber)}
                      {...register(`people.${i}.passportNumber`)}
                    />
                  </Field>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => people.remove(i)}
                    disabled={people.fields.length === 1}
                  >
                    {t('raid.removeRow')}
                  </button>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            class="secondary"
            onClick={() => people.append(blankPerson(defaultNationality.toUpperCase()))}
          >
            {t('raid.addRow')}
          </button>
        </fieldset>
        <button type="submit" disabled={isSubmitting}>
          {t('raid.submit', { n: people.fields.length })}
        </button>
      </form>
    </section>
  );
}
