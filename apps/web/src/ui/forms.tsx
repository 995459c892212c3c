import type { ComponentChildren } from 'preact';
import type { FieldError, FieldValues, Path, UseFormRegisterReturn, UseFormSetError } from 'react-hook-form';
import { ApiError, NetworkError, type ProblemDetail } from '../api/client';
import { useI18n, type Translator } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ru';

/** A label, its control, and the sentence that says what is wrong with it, tied by ids. */
export function Field(props: {
  id: string;
  label: string;
  error?: FieldError;
  children: ComponentChildren;
  hint?: string;
}) {
  const { t } = useI18n();
  const message = props.error?.message;
  return (
    <div class={`field${message ? ' has-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {message && (
        <p class="error" id={`${props.id}-error`} role="alert">
          {message.startsWith('error.') ? t(message as MessageKey) : message}
        </p>
      )}
    </div>
  );
}

/** aria attributes of a control whose Field may show an error. */
export const described = (id: string, error?: FieldError) => ({
  id,
  'aria-invalid': error ? ('true' as const) : undefined,
  'aria-describedby': error ? `${id}-error` : undefined,
});

/**
 * A 400's problem with one field, in the reader's language: by the check that failed
 * (`constraint.isTimeZone`…); the server's English words only for a check we have no message for.
 */
export const problemSentence = (p: ProblemDetail, { word }: Translator): string =>
  word('constraint', p.constraint, p.problem);

/**
 * A 422 in the reader's language, by the server's reason code (`rule.case_closed`…; a status
 * move names both statuses in words); the server's sentence only for a reason we do not know.
 */
function refusalSentence(error: ApiError, { t, word }: Translator): string {
  const details = (error.details && !Array.isArray(error.details) ? error.details : {}) as Record<
    string,
    unknown
  >;
  const key = `rule.${error.reason}` as MessageKey;
  const said = t(key, {
    from: word('status', typeof details.from === 'string' ? details.from : null),
    to: word('status', typeof details.to === 'string' ? details.to : null),
  });
  return error.reason && said !== key ? said : t('error.rule', { message: error.message });
}

/** A sentence for an error that is about no field in particular. */
export function sentenceFor(error: unknown, i18n: Translator): string {
  const { t } = i18n;
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof ApiError) {
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 422) return refusalSentence(error, i18n);
    if (error.status === 404 && error.code !== 'not_found') return t('error.missing');
    if (error.status === 400 && error.fieldProblems.length)
      return t('error.fields', {
        problems: error.fieldProblems.map((p) => `${p.field}: ${problemSentence(p, i18n)}`).join('; '),
      });
  }
  return t('error.generic', { message: error instanceof Error ? error.message : String(error) });
}

/**
 * Puts each of a 400's `details[]` next to its field (the API names fields by dotted path, e.g.
 * `client.fullName`; `rename` maps them to the form's names). Answers whether any field took one.
 */
export function showFieldProblems<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  i18n: Translator,
  rename: (apiField: string) => string | null = (f) => f,
  known: (field: string) => boolean = () => true,
): boolean {
  if (!(error instanceof ApiError) || error.status !== 400) return false;
  let shown = false;
  for (const problem of error.fieldProblems) {
    const name = rename(problem.field);
    if (!name || !known(name)) continue;
    setError(name as Path<T>, { type: 'server', message: problemSentence(problem, i18n) });
    shown = true;
  }
  return shown;
}

export function Alert(props: { children: ComponentChildren; kind?: 'error' | 'ok' | 'info' }) {
  return (
    <div class={`alert alert-${props.kind ?? 'info'}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** A labelled select of vocabulary words (`group` names their labels: `type`, `channel`…). */
export function WordSelect(props: {
  id: string;
  label: string;
  group: string;
  values: readonly string[];
  registration: UseFormRegisterReturn;
  /** A first option with the value '' (e.g. "from the type"). */
  empty?: string;
}) {
  const { word } = useI18n();
  return (
    <Field id={props.id} label={props.label}>
      <select id={props.id} {...props.registration}>
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.values.map((value) => (
          <option key={value} value={value}>
            {word(props.group, value)}
          </option>
        ))}
      </select>
    </Field>
  );
}
