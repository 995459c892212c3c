import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Link, Redirect, Route, Router, Switch } from 'wouter-preact';
import { refreshSession, signOut } from './api/client';
import { useSession, type Role } from './api/session';
import { I18n, initialLocale, rememberLocale, translator, useI18n, type Locale } from './i18n/i18n';
import { useOutbox } from './offline/use-outbox';
import { Intake } from './screens/intake';
import { SignIn } from './screens/sign-in';
import { FindCase } from './ui/find-case';
import { Alert } from './ui/forms';
import { NavMenu } from './ui/nav-menu';

// Intake and sign-in ship in the first load (they must work offline at once); the rest on
// demand, each with the messages of the screens outside the first load (i18n/more.ts).
const screen = <T,>(load: () => Promise<T>) =>
  Promise.all([load(), import('./i18n/more')]).then(([module]) => module);
const Raid = lazy(() => screen(() => import('./screens/raid')).then((m) => m.Raid));
const Queue = lazy(() => screen(() => import('./screens/queue')).then((m) => m.Queue));
const CasePage = lazy(() => screen(() => import('./screens/case-page')).then((m) => m.CasePage));
const Coordination = lazy(() => screen(() => import('./screens/coordination')).then((m) => m.Coordination));
const Reports = lazy(() => screen(() => import('./screens/reports')).then((m) => m.Reports));
const Users = lazy(() => screen(() => import('./screens/users')).then((m) => m.Users));
const Incident = lazy(() => screen(() => import('./screens/incident')).then((m) => m.Incident));
const Account = lazy(() => screen(() => import('./screens/account')).then((m) => m.Account));
const AccessLog = lazy(() => screen(() => import('./screens/access-log')).then((m) => m.AccessLog));
const FollowUpRules = lazy(() =>
  screen(() => import('./screens/follow-up-rules')).then((m) => m.FollowUpRules),
);
const Notifications = lazy(() =>
  screen(() => import('./screens/notifications')).then((m) => m.Notifications),
);

const WORKERS: Role[] = ['lawyer', 'coordinator'];
const LEADS: Role[] = ['coordinator', 'admin'];

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const i18n = useMemo(
    () => ({
      ...translator(locale),
      setLocale: (next: Locale) => {
        rememberLocale(next);
        setLocale(next);
      },
    }),
    [locale],
  );
  useEffect(() => rememberLocale(locale), [locale]);
  return (
    <I18n.Provider value={i18n}>
      <Router base="/app">
        <Shell />
      </Router>
    </I18n.Provider>
  );
}

function Shell() {
  const { t, locale, setLocale } = useI18n();
  const current = useSession();
  const [checked, setChecked] = useState(false);
  const outbox = useOutbox(current?.user.id ?? null);
  // A page load may still have a session: the refresh cookie, where the server offers one.
  useEffect(() => {
    void refreshSession().finally(() => setChecked(true));
  }, []);
  const role = current?.user.role;

  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <span class="brand">{t('app.name')}</span>
        {current && (
          <nav aria-label={t('nav.menu')}>
            <Link href="/intake">{t('nav.intake')}</Link>
            <Link href="/raid">{t('nav.raid')}</Link>
            {role && WORKERS.includes(role) && <Link href="/queue">{t('nav.queue')}</Link>}
            {role && LEADS.includes(role) && <Link href="/coordination">{t('nav.coordination')}</Link>}
            {role && LEADS.includes(role) && <Link href="/reports">{t('nav.reports')}</Link>}
            {/* The desk's and one's own pages in two menus: the header stays one row at 1280 px. */}
            {role && LEADS.includes(role) && (
              <NavMenu id="nav-admin" label={t('nav.admin')}>
                {role === 'admin' && <Link href="/users">{t('nav.users')}</Link>}
                {role === 'admin' && <Link href="/access-log">{t('nav.accessLog')}</Link>}
                <Link href="/rules">{t('nav.rules')}</Link>
              </NavMenu>
            )}
            <NavMenu id="nav-own" label={t('nav.own')}>
              <Link href="/notifications">{t('nav.notifications')}</Link>
              <Link href="/account">{t('nav.account')}</Link>
            </NavMenu>
          </nav>
        )}
        <span class="spacer" />
        {current && <FindCase />}
        <button
          type="button"
          class="link"
          lang={locale === 'ru' ? 'en' : 'ru'}
          onClick={() => setLocale(locale === 'ru' ? 'en' : 'ru')}
        >
          {t('nav.language')}
        </button>
        {current && (
          <button type="button" class="link" id="sign-out" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {!outbox.online && <Alert kind="info">{t('offline.banner')}</Alert>}
        {outbox.waiting.length > 0 && (
          <p class="outbox" id="outbox" role="status">
            {current
              ? t('outbox.waiting', { n: outbox.waiting.length })
              : t('outbox.waitingSignIn', { n: outbox.waiting.length })}
          </p>
        )}
        {outbox.refused.map((r) => (
          <Alert kind="error" key={r.id}>
            {t('outbox.failed', { problem: r.refused ?? '' })}
          </Alert>
        ))}
        {!checked ? (
          <p>{t('common.loading')}</p>
        ) : !current ? (
          <SignIn />
        ) : current.mustEnrol ? (
          <Suspense fallback={<p>{t('common.loading')}</p>}>
            <Account mustEnrol />
          </Suspense>
        ) : (
          <Suspense fallback={<p>{t('common.loading')}</p>}>
            <Switch>
              <Route path="/intake">
                <Intake />
              </Route>
              <Route path="/raid">
                <Raid />
              </Route>
              <Route path="/queue">
                <Queue />
              </Route>
              <Route path="/cases/:id">{(params) => <CasePage id={params.id} />}</Route>
              <Route path="/incidents/:id">{(params) => <Incident id={params.id} />}</Route>
              <Route path="/coordination">
                <Coordination />
              </Route>
              <Route path="/reports">
                <Reports />
              </Route>
              <Route path="/users">
                <Users />
              </Route>
              <Route path="/account">
                <Account />
              </Route>
              <Route path="/access-log">
                <AccessLog />
              </Route>
              <Route path="/rules">
                <FollowUpRules />
              </Route>
              <Route path="/notifications">
                <Notifications />
              </Route>
              <Route>
                <Redirect
                  to={role && WORKERS.includes(role) && role !== 'coordinator' ? '/queue' : '/intake'}
                />
              </Route>
            </Switch>
          </Suspense>
        )}
      </main>
    </>
  );
}
