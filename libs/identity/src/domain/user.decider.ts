import { Actor, Decider, Forbidden, NotFound, RuleViolation } from '@huquq/shared-kernel';
import { AccountChange, UserCommand, UserEvent } from './user-account';

/**
 * The stream holds the account's administrative history; the account itself (credentials,
 * sessions) is its table, read under lock and handed to each command (docs/decisions/0032).
 * So the decider keeps no state of its own: it rules on the account as the command brings it.
 */
type UserState = null;

export const userNotFound = () => new NotFound('user');

/** Admins administer; the command line (no person) may too. */
function mayAdminister(actor: Actor | null): void {
  if (actor && actor.role !== 'admin') throw new Forbidden('Only an admin of the organization manages users');
}

function update(
  actor: Actor | null,
  account: { userId: string; role: string; status: string; displayName: string | null },
  change: AccountChange,
): UserEvent[] {
  mayAdminister(actor);
  // An admin cannot lock themselves out: another admin must do it.
  if (
    actor?.userId === account.userId &&
    (change.status === 'disabled' || (change.role && change.role !== 'admin'))
  ) {
    throw RuleViolation.because(
      'own_account',
      'You cannot disable your own account or give up your own admin role',
    );
  }
  const events: UserEvent[] = [];
  if (change.displayName !== undefined && change.displayName !== account.displayName)
    events.push({ type: 'user-renamed', data: {} });
  if (change.role && change.role !== account.role)
    events.push({ type: 'user-role-changed', data: { from: account.role as never, to: change.role } });
  if (change.status && change.status !== account.status)
    events.push({ type: change.status === 'disabled' ? 'user-disabled' : 'user-enabled', data: {} });
  return events;
}

function decide(command: UserCommand, _state: UserState): UserEvent[] {
  const { actor, account } = command.data;
  switch (command.type) {
    case 'CreateUser':
      mayAdminister(actor);
      return [{ type: 'user-created', data: { role: account.role } }];
    case 'UpdateUser':
      return update(actor, account, command.data.change);
    case 'IssuePasswordReset':
      mayAdminister(actor);
      if (account.status !== 'active')
        throw RuleViolation.because('account_disabled', 'The account is disabled: enable it first');
      return [{ type: 'user-password-reset-issued', data: {} }];
    case 'ChangePassword': {
      const { how } = command.data;
      if (how === 'own' && actor?.userId !== account.userId) throw userNotFound();
      if (how === 'admin') mayAdminister(actor);
      if (account.status !== 'active') throw userNotFound();
      return [{ type: 'user-password-changed', data: { how } }];
    }
    case 'RemoveSecondFactor':
      // Someone lost their phone and their recovery codes: an admin removes it, they enrol again.
      mayAdminister(actor);
      return command.data.enrolled ? [{ type: 'user-second-factor-removed', data: {} }] : [];
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  decide,
  evolve: (state) => state,
  initialState: () => null,
};
