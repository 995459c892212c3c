import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, problemSentence, sentenceFor } from '../ui/forms';
import { useLoad } from '../ui/use-load';

interface Preferences {
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  quietHours: { from: string; to: string; timeZone: string } | null;
  delivery: { email: 'on' | 'off'; webhooks: 'on' | 'off' };
}
type FieldName = 'email' | 'webhookUrl' | 'quietFrom' | 'quietTo' | 'timeZone';
/** The API names quiet hours' fields by dotted path. */
const FIELDS: Record<string, FieldName> = {
  email: 'email',
  webhookUrl: 'webhookUrl',
  'quietHours.from': 'quietFrom',
  'quietHours.to': 'quietTo',
  'quietHours.timeZone': 'timeZone',
};
const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * One's own notification settings (`GET/PUT /v1/me/notifications`): where e-mail goes (or none),
 * a webhook, and quiet hours in one's own time zone. PUT replaces the whole set; the server's
 * 400 `details[]` are said next to their field.
 */
export function Notifications() {
  const i18n = useI18n();
  const { t } = i18n;
  const prefs = useLoad(
    async () => (await (await request('GET', '/v1/me/notifications')).json()) as Preferences,
  );
  const [emailOff, setEmailOff] = useState(false);
  const [email, setEmail] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [quiet, setQuiet] = useState(false);
  const [from, setFrom] = useState('22:00');
  const [to, setTo] = useState('07:00');
  const [timeZone, setTimeZone] = useState(deviceZone());
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const show = (p: Preferences) => {
    setEmailOff(p.email === null);
    setEmail(p.email ?? '');
    setWebhookUrl(p.webhookUrl ?? '');
    setQuiet(Boolean(p.quietHours));
    if (p.quietHours) {
      setFrom(p.quietHours.from);
      setTo(p.quietHours.to);
      setTimeZone(p.quietHours.timeZone);
    }
  };
  useEffect(() => {
    if (prefs.data) show(prefs.data);
  }, [prefs.data]);

  const save = async () => {
    setProblem(null);
    setSaved(false);
    const missing: Partial<Record<FieldName, string>> = {};
    if (quiet && !from) missing.quietFrom = t('error.required');
    if (quiet && !to) missing.quietTo = t('error.required');
    if (quiet && !timeZone.trim()) missing.timeZone = t('error.required');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const body = {
      email: emailOff ? null : email.trim() || undefined,
      webhookUrl: webhookUrl.trim() || null,
      quietHours: quiet ? { from, to, timeZone: timeZone.trim() } : null,
    };
    try {
      const res = await request('PUT', '/v1/me/notifications', { body });
      show((await res.json()) as Preferences);
      setSaved(true);
    } catch (error) {
      const byField: Partial<Record<FieldName, string>> = {};
      if (error instanceof ApiError && error.status === 400) {
        for (const d of error.fieldProblems)
          if (FIELDS[d.field]) byField[FIELDS[d.field]] = problemSentence(d, i18n);
      }
      if (Object.keys(byField).length) setErrors(byField);
      else setProblem(sentenceFor(error, i18n));
    }
  };

  const field = (id: FieldName, label: string, input: preact.ComponentChildren) => (
    <div class={`field${errors[id] ? ' has-error' : ''}`}>
      <label for={`notify-${id}`}>{label}</label>
      {input}
      {errors[id] && (
        <p class="error" id={`notify-${id}-error`} role="alert">
          {errors[id]}
        </p>
      )}
    </div>
  );
  const aria = (id: FieldName) => ({
    id: `notify-${id}`,
    'aria-invalid': errors[id] ? ('true' as const) : undefined,
    'aria-describedby': errors[id] ? `notify-${id}-error` : undefined,
  });

  if (prefs.error) return <Alert kind="error">{sentenceFor(prefs.error, i18n)}</Alert>;
  if (!prefs.data) return <p>{t('common.loading')}</p>;
  return (
    <section aria-labelledby="notify-title">
      <h1 id="notify-title">{t('notify.title')}</h1>
      {prefs.data.delivery.email === 'off' && <Alert kind="info">{t('notify.deliveryOff')}</Alert>}
      {problem && <Alert kind="error">{problem}</Alert>}
      {saved && <Alert kind="ok">{t('case.done')}</Alert>}
      <form
        class="narrow"
        id="notifications"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div class="field checkbox">
          <input
            id="notify-email-off"
            type="checkbox"
            checked={emailOff}
            onChange={(e) => setEmailOff(e.currentTarget.checked)}
          />
          <label for="notify-email-off">{t('notify.emailOff')}</label>
        </div>
        {!emailOff &&
          field(
            'email',
            t('notify.email'),
            <input
              {...aria('email')}
              type="email"
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />,
          )}
        {prefs.data.delivery.webhooks === 'on' &&
          field(
            'webhookUrl',
            t('notify.webhook'),
            <input
              {...aria('webhookUrl')}
              type="url"
              value={webhookUrl}
              onInput={(e) => setWebhookUrl(e.currentTarget.value)}
            />,
          )}
        {prefs.data.webhookSecret && (
          <p class="meta">{t('notify.webhookSecret', { secret: prefs.data.webhookSecret })}</p>
        )}
        <div class="field checkbox">
          <input
            id="notify-quiet"
            type="checkbox"
            checked={quiet}
            onChange={(e) => setQuiet(e.currentTarget.checked)}
          />
          <label for="notify-quiet">{t('notify.quiet')}</label>
        </div>
        {quiet && (
          <div class="actions">
            {field(
              'quietFrom',
              t('notify.quietFrom'),
              <input
                {...aria('quietFrom')}
                type="time"
                value={from}
                onInput={(e) => setFrom(e.currentTarget.value)}
              />,
            )}
            {field(
              'quietTo',
              t('notify.quietTo'),
              <input
                {...aria('quietTo')}
                type="time"
                value={to}
                onInput={(e) => setTo(e.currentTarget.value)}
              />,
            )}
            {field(
              'timeZone',
              t('notify.timeZone'),
              <input
                {...aria('timeZone')}
                value={timeZone}
                onInput={(e) => setTimeZone(e.currentTarget.value)}
              />,
            )}
          </div>
        )}
        <div class="actions">
          <button type="submit">{t('notify.save')}</button>
        </div>
      </form>
    </section>
  );
}
