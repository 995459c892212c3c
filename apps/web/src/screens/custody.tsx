import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';

/** Custody as the case view will carry it (`POST /v1/cases/:id/custody`, `/custody/release`). */
export interface Custody {
  placeKind: string;
  placeName: string | null;
  region: string | null;
  deliveredAt: string;
  releasedAt: string | null;
}
const PLACES = ['police_station', 'detention_centre', 'court', 'other'];
type Run = (command: { path: string; body: Record<string, unknown> }) => void;

/** Where the person is held and for how long: the clock runs while they are held. */
export function CustodySection(props: { custody: Custody | null | undefined; mayChange: boolean; run: Run }) {
  const { t, word, dateTime } = useI18n();
  const [now, setNow] = useState(Date.now());
  const [placeKind, setPlaceKind] = useState(PLACES[0]);
  const [placeName, setPlaceName] = useState('');
  const [deliveredAt, setDeliveredAt] = useState('');
  const held = props.custody && !props.custody.releasedAt ? props.custody : null;
  useEffect(() => {
    if (!held) return;
    const timer = setInterval(() => setNow(Date.now()), 30000);
    return () => clearInterval(timer);
  }, [held]);

  const custody = props.custody;
  const minutes = held ? Math.max(0, Math.floor((now - Date.parse(held.deliveredAt)) / 60000)) : 0;
  return (
    <>
      <h2>{t('custody.title')}</h2>
      {!custody && <p>{t('custody.none')}</p>}
      {custody && (
        <p id="custody" class={held ? 'held' : undefined}>
          {word('place', custody.placeKind)}
          {custody.placeName && <> · {custody.placeName}</>} ·{' '}
          {held
            ? t('custody.held', {
                hours: Math.floor(minutes / 60),
                minutes: minutes % 60,
                since: dateTime(custody.deliveredAt),
              })
            : t('custody.released', { at: dateTime(custody.releasedAt) })}
        </p>
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
      {props.mayChange && !held && (
        <form
          class="actions"
          onSubmit={(e) => {
            e.preventDefault();
            props.run({
              path: 'custody',
              body: {
                placeKind,
                placeName: placeName || undefined,
                deliveredAt: (deliveredAt ? new Date(deliveredAt) : new Date()).toISOString(),
              },
            });
          }}
        >
          <div class="field">
            <label for="placeKind">{t('custody.placeKind')}</label>
            <select id="placeKind" value={placeKind} onChange={(e) => setPlaceKind(e.currentTarget.value)}>
              {PLACES.map((p) => (
                <option key={p} value={p}>
                  {word('place', p)}
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
          <button type="submit">{t('custody.record')}</button>
        </form>
      )}
    </>
  );
}
