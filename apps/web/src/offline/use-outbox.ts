import { useEffect, useState } from 'preact/hooks';
import { onOutboxChange, sendWaiting, waiting, type Sent, type WaitingAppeal } from './outbox';

const sentListeners = new Set<(sent: Sent) => void>();
/** The intake screen hears which of its appeals the server acknowledged (and the case number). */
export const onSent = (listener: (sent: Sent) => void) => {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
};

export function flush(userId: string) {
  return sendWaiting(userId, (sent) => sentListeners.forEach((l) => l(sent)));
}

/** What waits on this device; sent as soon as someone who owns it is signed in and online. */
export function useOutbox(userId: string | null) {
  const [items, setItems] = useState<WaitingAppeal[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const reload = () => void waiting().then(setItems);
    reload();
    const stop = onOutboxChange(reload);
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    addEventListener('online', up);
    addEventListener('offline', down);
    return () => {
      stop();
      removeEventListener('online', up);
      removeEventListener('offline', down);
    };
  }, []);
  useEffect(() => {
    if (userId && online) void flush(userId);
  }, [userId, online]);
  return { waiting: items.filter((i) => !i.refused), refused: items.filter((i) => i.refused), online };
}
