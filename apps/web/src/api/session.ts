import { useSyncExternalStore } from 'preact/compat';

export type Role = 'intake' | 'lawyer' | 'coordinator' | 'admin';
export interface SessionUser {
  id: string;
  orgId: string;
  role: Role;
}
interface Session {
  /** In memory only: never in localStorage, sessionStorage or a cookie the page can read. */
  accessToken: string;
  user: SessionUser;
  /** The organization requires a second factor this user has not set up: only enrolment is open. */
  mustEnrol?: boolean;
}

let current: Session | null = null;
/** Why the last session ended (`expired`: a 401 the refresh route could not mend). */
let endedBecause: 'expired' | 'signed-out' | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

export const session = {
  get: () => current,
  endedBecause: () => endedBecause,
  start(next: Session) {
    current = next;
    endedBecause = null;
    notify();
  },
  end(reason: 'expired' | 'signed-out') {
    current = null;
    endedBecause = reason;
    notify();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const useSession = () => useSyncExternalStore(session.subscribe, session.get);
