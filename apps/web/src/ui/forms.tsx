import type { ComponentChildren } from 'preact';
import type { FieldError, FieldValues, Path, UseFormRegisterReturn, UseFormSetError } from 'react-hook-form';
import { ApiError, NetworkError } from '../api/client';
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

/** A sentence for an error that is about no field in particular. */
export function sentenceFor(error: unknown, { t }: Translator): string {
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof ApiError) {
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 422) return t('error.rule', { message: error.message });
    if (error.status === 404 && error.code !== 'not_found') return t('error.missing');
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
  rename: (apiField: string) => string | null = (f) => f,
  known: (field: string) => boolean = () => true,
): boolean {
  if (!(error instanceof ApiError) || error.status !== 400) return false;
  let shown = false;
  for (const { field, problem } of error.fieldProblems) {
    const name = rename(field);
    if (!name || !known(name)) continue;
    setError(name as Path<T>, { type: 'server', message: problem });
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
