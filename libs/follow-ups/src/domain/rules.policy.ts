import { Actor, Forbidden, Role, ROLES } from '@huquq/shared-kernel';

/**
 * Who may do what with an organization's follow-up rules: one table, read by the rules decider
 * and by the HTTP layer's role checks.
 */
const RULES_PERMISSIONS: Readonly<Record<Role, { read: boolean; change: boolean }>> = {
  intake: { read: false, change: false },
  lawyer: { read: false, change: false },
  /** Coordinators see what the rules ask of their teams. */
  coordinator: { read: true, change: false },
  /** Only admins change them: every task and legal deadline of the organization follows. */
  admin: { read: true, change: true },
};

export const RULES_READERS: readonly Role[] = ROLES.filter((role) => RULES_PERMISSIONS[role].read);
export const RULES_EDITORS: readonly Role[] = ROLES.filter((role) => RULES_PERMISSIONS[role].change);

export function mayChangeRules(actor: Actor): void {
  if (!RULES_PERMISSIONS[actor.role].change)
    throw new Forbidden('Only admins may change the follow-up rules');
}
