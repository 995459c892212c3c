import { Actor, Role } from '@huquq/shared-kernel';
import { CaseFacts, DEFAULT_NEED_TO_KNOW, seesPersonalData } from './need-to-know';

const now = new Date('2026-12-02T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const actor = (role: Role, userId = 'me'): Actor => ({ userId, orgId: 'org', role });
const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  assigneeId: null,
  taskClaimants: [],
  loggedBy: null,
  loggedAt: null,
  ...over,
});
const sees = (a: Actor, f: CaseFacts, settings = DEFAULT_NEED_TO_KNOW) =>
  seesPersonalData(a, f, settings, now);

describe('need-to-know', () => {
  it('shows a lawyer the cases assigned to them and those whose task they claimed, no others', () => {
    expect(sees(actor('lawyer'), facts({ assigneeId: 'me' }))).toBe(true);
    expect(sees(actor('lawyer'), facts({ taskClaimants: ['someone', 'me'] }))).toBe(true);
    expect(sees(actor('lawyer'), facts({ assigneeId: 'someone', loggedBy: 'me', loggedAt: now }))).toBe(
      false,
    );
  });

  it('shows intake the appeals they logged, for 24 hours', () => {
    expect(sees(actor('intake'), facts({ loggedBy: 'me', loggedAt: hoursAgo(23.9) }))).toBe(true);
    expect(sees(actor('intake'), facts({ loggedBy: 'me', loggedAt: hoursAgo(24) }))).toBe(false);
    expect(sees(actor('intake'), facts({ loggedBy: 'other', loggedAt: now }))).toBe(false);
    expect(sees(actor('intake'), facts({ assigneeId: 'me' }))).toBe(false);
  });

  it('shows coordinators and admins no personal data unless the organization allows it', () => {
    const everything = facts({ assigneeId: 'me', taskClaimants: ['me'], loggedBy: 'me', loggedAt: now });
    expect(sees(actor('coordinator'), everything)).toBe(false);
    expect(sees(actor('admin'), everything)).toBe(false);
    const open = {
      ...DEFAULT_NEED_TO_KNOW,
      coordinatorsSeePersonalData: true,
      adminsSeePersonalDataInCases: true,
    };
    expect(sees(actor('coordinator'), facts(), open)).toBe(true);
    expect(sees(actor('admin'), facts(), open)).toBe(true);
  });

  it("follows the organization's intake window", () => {
    const f = facts({ loggedBy: 'me', loggedAt: hoursAgo(2) });
    expect(sees(actor('intake'), f, { ...DEFAULT_NEED_TO_KNOW, intakeWindowHours: 1 })).toBe(false);
    expect(sees(actor('intake'), f, { ...DEFAULT_NEED_TO_KNOW, intakeWindowHours: 0 })).toBe(false);
  });
});
