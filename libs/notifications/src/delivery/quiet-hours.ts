/** Quiet hours: a daily window, in the user's own time zone, when non-urgent messages wait. */
export interface QuietHours {
  /** 'HH:MM', 24-hour clock. */
  from: string;
  to: string;
  timeZone: string;
}

export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * When the quiet hours around `now` end, or null when `now` is outside them. A window may run
 * over midnight (22:00–07:00). from = to means no quiet hours. Across a daylight-saving change
 * the end may be an hour off: late, never lost.
 */
export function quietUntil(now: Date, quiet: QuietHours): Date | null {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const local = localMinutes(now, quiet.timeZone);
  const inside = from < to ? local >= from && local < to : local >= from || local < to;
  if (!inside) return null;
  const minutesLeft = (to - local + 1440) % 1440;
  const end = new Date(now.getTime() + minutesLeft * 60_000);
  end.setUTCSeconds(0, 0);
  return end;
}

function localMinutes(now: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return Number(parts.hour) * 60 + Number(parts.minute);
}
