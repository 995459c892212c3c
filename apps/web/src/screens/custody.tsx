import { useEffect, useState } from 'preact/hooks';
import { groundsAt } from '../api/vocabulary';
import { useI18n } from '../i18n/i18n';

/**
 * Custody as the case view carries it once the legal-calendar work is merged: the current place
 * (or none once released) and its clock — the legal limit of this detention, with its basis.
 */
export interface Custody {
  current: {
    custodyId: string;
    placeKind: string;
    placeName: string | null;
    grounds?: string | null;
    region: string | null;
    deliveredAt: string;
    heldSince: string;
  } | null;
  releasedAt: string | null;
  clock?: { kind: string; endsAt: string; status: string; basis: string; confidence?: string | null } | null;
}
const PLACES = ['police_station', 'court', 'temporary_detention', 'special_institution', 'other'];
type Run = (command: { path: string; body: Record<string, unknown> }) => void;
const hoursAndMinutes = (ms: number) => {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
};

/** Where the person is held and for how long; the clock runs on screen while they are held. */
export function CustodySection(props: {
  custody: Custody | null | undefined;
  mayChange: boolean;
  run: Run;
  timeZone?: string | null;
}) {
  const i18n = useI18n();
  const { t, word } = i18n;
  const dateTime = (iso: string | null | undefined) => i18n.dateTime(iso, props.timeZone);
  const [now, setNow] = useState(Date.now());
  const [placeKind, setPlaceKind] = useState(PLACES[0]);
  const [grounds, setGrounds] = useState<string>(groundsAt(PLACES[0])[0]);
  const [placeName, setPlaceName] = useState('');
  const [deliveredAt, setDeliveredAt] = useState('');
  const held = props.custody?.current ?? null;
  useEffect(() => {
    if (!held) return;
    const timer = setInterval(() => setNow(Date.now()), 30000);
    return () => clearInterval(timer);
  }, [held]);
  const clock = props.custody?.clock;

  return (
    <>
      <h2>{t('custody.title')}</h2>
      {!held && !props.custody?.releasedAt && <p>{t('custody.none')}</p>}
      {held && (
        <p id="custody" class="held">
          {word('place', held.placeKind)}
          {held.placeName && <> · {held.placeName}</>}
          {held.grounds && <> · {word('grounds', held.grounds)}</>} ·{' '}
          {t('custody.held', {
            ...hoursAndMinutes(now - Date.parse(held.heldSince)),
            since: dateTime(held.heldSince),
          })}
        </p>
      )}
      {held && clock && (
        <p class="meta" id="custody-clock">
          {t('custody.clock', {
            at: dateTime(clock.endsAt),
            ...hoursAndMinutes(Date.parse(clock.endsAt) - now),
          })}{' '}
          · {t('queue.basis')}: {clock.basis}
          {clock.confidence === 'to_verify' && <> ({t('queue.toVerify')})</>}
        </p>
      )}
      {!held && props.custody?.releasedAt && (
        <p id="custody">{t('custody.released', { at: dateTime(props.custody.releasedAt) })}</p>
      )}
      {props.mayChange && held && (
        <button
          type="button"
          class="secondary"
          onClick={() =>
            props.run({ path: 'custody/release', body: { releasedAt: new Date().toISOString() } })
          }
        >
          {t('custody.release')}
        </button>
      )}
      {props.mayChange && (
        <form
          class="actions"
          onSubmit={(e) => {
            e.preventDefault();
            props.run({
              path: 'custody',
              body: {
                placeKind,
                grounds,
                placeName: placeName || undefined,
                deliveredAt: (deliveredAt ? new Date(deliveredAt) : new Date()).toISOString(),
              },
            });
          }}
        >
          <div class="field">
            <label for="placeKind">{t('custody.placeKind')}</label>
            <select
              id="placeKind"
              value={placeKind}
              onChange={(e) => {
                const kind = e.currentTarget.value;
                setPlaceKind(kind);
                // Each place holds on its own grounds; the shorter clock unless told otherwise.
                if (!groundsAt(kind).includes(grounds)) setGrounds(groundsAt(kind)[0]);
              }}
            >
              {PLACES.map((p) => (
                <option key={p} value={p}>
                  {word('place', p)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="grounds">{t('custody.grounds')}</label>
            <select id="grounds" value={grounds} onChange={(e) => setGrounds(e.currentTarget.value)}>
              {groundsAt(placeKind).map((g) => (
                <option key={g} value={g}>
                  {word('grounds', g)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="placeName">{t('custody.placeName')}</label>
            <input id="placeName" value={placeName} onInput={(e) => setPlaceName(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="deliveredAt">{t('custody.deliveredAt')}</label>
            <input
              id="deliveredAt"
              type="datetime-local"
              value={deliveredAt}
              onInput={(e) => setDeliveredAt(e.currentTarget.value)}
            />
          </div>
          <button type="submit">{held ? t('custody.transfer') : t('custody.record')}</button>
        </form>
      )}
    </>
  );
}
