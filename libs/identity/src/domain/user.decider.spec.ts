import { Actor, Forbidden, NotFound, Role, RuleViolation } from '@huquq/shared-kernel';
import { deciderSpec } from '@huquq/shared-kernel/testing/decider-spec';
import { Account, AccountChange, UserCommand } from './user-account';
import { userDecider } from './user.decider';

const given = deciderSpec(userDecider);
const ORG = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const as = (role: Role, userId = `${role}-1`): Actor => ({ userId, orgId: ORG, role });
const lawyer: Account = { userId: 'lawyer-7', role: 'lawyer', status: 'active', displayName: 'Нигора' };
const update = (actor: Actor | null, change: AccountChange, account = lawyer): UserCommand => ({
  type: 'UpdateUser',
  data: { actor, account, change },
});

describe("an organization's user accounts", () => {
  it('are created and changed by admins (or the command line), each change its own event', () => {
    given([])
      .when({ type: 'CreateUser', data: { actor: as('admin'), account: lawyer } })
      .then([{ type: 'user-created', data: { role: 'lawyer' } }]);
    given([])
      .when(update(as('admin'), { role: 'coordinator', status: 'disabled', displayName: 'Nigora' }))
      .then([
        { type: 'user-renamed', data: {} },
        { type: 'user-role-changed', data: { from: 'lawyer', to: 'coordinator' } },
        { type: 'user-disabled', data: {} },
      ]);
    given([])
      .when(update(null, { status: 'disabled' }))
      .then([{ type: 'user-disabled', data: {} }]);
  });

  it('record nothing when nothing changes', () => {
    given([])
      .when(update(as('admin'), { role: 'lawyer', status: 'active', displayName: 'Нигора' }))
      .thenNothingHappens();
  });

  it('are administered by admins only', () => {
    for (const role of ['intake', 'lawyer', 'coordinator'] as Role[]) {
      given([])
        .when(update(as(role), { status: 'disabled' }))
        .thenThrows(Forbidden);
      given([])
        .when({ type: 'IssuePasswordReset', data: { actor: as(role), account: lawyer } })
        .thenThrows(Forbidden);
    }
  });

  it('keep an admin from locking themselves out', () => {
    const me = as('admin', 'admin-1');
    const mine: Account = { userId: 'admin-1', role: 'admin', status: 'active', displayName: null };
    given([])
      .when(update(me, { status: 'disabled' }, mine))
      .thenThrows(RuleViolation, /your own/);
    given([])
      .when(update(me, { role: 'lawyer' }, mine))
      .thenThrows(RuleViolation, /your own/);
    given([])
      .when(update(me, { displayName: 'Admin' }, mine))
      .then([{ type: 'user-renamed', data: {} }]);
  });

  it('have their second factor removed by an admin only, and only when there is one', () => {
    const remove = (actor: Actor, enrolled: boolean): UserCommand => ({
      type: 'RemoveSecondFactor',
      data: { actor, account: lawyer, enrolled },
    });
    given([])
      .when(remove(as('admin'), true))
      .then([{ type: 'user-second-factor-removed', data: {} }]);
    given([])
      .when(remove(as('admin'), false))
      .thenNothingHappens();
    given([])
      .when(remove(as('coordinator'), true))
      .thenThrows(Forbidden);
  });

  it("give a disabled account no reset link, and take one's own password only from oneself", () => {
    const disabled: Account = { ...lawyer, status: 'disabled' };
    given([])
      .when({ type: 'IssuePasswordReset', data: { actor: as('admin'), account: disabled } })
      .thenThrows(RuleViolation, /disabled/);
    given([])
      .when({
        type: 'ChangePassword',
        data: { actor: as('lawyer', 'lawyer-7'), account: lawyer, how: 'own' },
      })
      .then([{ type: 'user-password-changed', data: { how: 'own' } }]);
    given([])
      .when({
        type: 'ChangePassword',
        data: { actor: as('lawyer', 'lawyer-8'), account: lawyer, how: 'own' },
      })
      .thenThrows(NotFound);
  });
});
