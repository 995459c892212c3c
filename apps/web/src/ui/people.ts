import { api } from '../api/client';
import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';
import type { User } from '../screens/users';
import { useLoad } from './use-load';

/**
 * Who did something (a history entry's actor, a document's uploader), by name where the reader
 * may list the users (`GET /v1/users`: coordinators and admins); "you" for oneself; a dash for
 * the others, never an id. The history and the documents carry ids only.
 */
export function usePeople(): (userId: string | null | undefined) => string {
  const { t } = useI18n();
  const me = useSession()?.user;
  const mayList = me?.role === 'coordinator' || me?.role === 'admin';
  const users = useLoad(
    async () => (mayList ? (await api.get<{ items: User[] }>('/v1/users')).items : []),
    [mayList],
  );
  return (userId) => {
    if (!userId) return '—';
    if (userId === me?.id) return t('case.you');
    const user = users.data?.find((u) => u.id === userId);
    return user ? (user.displayName ?? user.email) : '—';
  };
}
