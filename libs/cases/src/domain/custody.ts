import { CustodyGrounds, CustodyPlaceKind, RuleViolation } from '@huquq/shared-kernel';
import type { RecordCustody, ReleaseFromCustody } from './case.commands';
import type { CaseEvent } from './case.events';
import { mayLogCustody } from './case.policy';

/** Where the person is held now, as the rules need it; null when not held (or released). */
export interface CurrentCustody {
  custodyId: string;
  placeKind: CustodyPlaceKind;
  deliveredAt: string;
  heldSince: string;
}

const IN_SPECIAL_INSTITUTION: readonly CustodyPlaceKind[] = ['special_institution'];
const inSpecialInstitution = (kind: CustodyPlaceKind) => IN_SPECIAL_INSTITUTION.includes(kind);

/** The grounds a place may be held on; the first is the default, the one with the shorter clock. */
function groundsFor(kind: CustodyPlaceKind): readonly CustodyGrounds[] {
  return inSpecialInstitution(kind)
    ? ['order', 'expulsion_ruling']
    : ['administrative', 'migration_or_expulsion'];
}

const at = (iso: string) => new Date(iso).getTime();

/**
 * Held at a place since delivery; a second place while held is a transfer. A transfer between
 * police station, court and temporary detention continues the same detention: its clock keeps
 * running from the first delivery (KoAP art. 27.5 counts the detention, not the room), so the
 * clock never restarts later than the law. A special institution starts its own clock.
 */
export function recordCustody(
  { data }: RecordCustody,
  state: { clientId: string | null; custody: CurrentCustody | null; status: string | null },
): CaseEvent[] {
  mayLogCustody(data.actor);
  if (state.status === 'closed')
    throw RuleViolation.because('case_closed', 'A closed case records no custody; reopen it first');
  const previous = state.custody;
  if (previous?.custodyId === data.custodyId) return [];
  const grounds = data.grounds ?? groundsFor(data.placeKind)[0];
  if (!groundsFor(data.placeKind).includes(grounds)) {
    throw RuleViolation.because(
      'custody_grounds_not_for_place',
      `A ${data.placeKind} holds a person on ${groundsFor(data.placeKind).join(' or ')}, not ${grounds}`,
    );
  }
  if (at(data.deliveredAt) > at(data.now) + 5 * 60_000)
    throw RuleViolation.because('custody_delivered_in_future', 'deliveredAt is in the future');
  if (previous && at(data.deliveredAt) < at(previous.deliveredAt)) {
    throw RuleViolation.because(
      'custody_transfer_before_previous',
      'A transfer is delivered after the place the person was held at before',
    );
  }
  const continues =
    previous && !inSpecialInstitution(previous.placeKind) && !inSpecialInstitution(data.placeKind);
  return [
    {
      type: 'custody-recorded',
      data: {
        custodyId: data.custodyId,
        caseId: data.caseId,
        clientId: state.clientId!,
        placeKind: data.placeKind,
        placeName: data.placeName?.trim() || null,
        region: data.region,
        regionText: data.regionText ?? null,
        grounds,
        deliveredAt: data.deliveredAt,
        heldSince: continues ? previous.heldSince : data.deliveredAt,
        previousCustodyId: previous?.custodyId ?? null,
      },
    },
  ];
}

export function releaseFromCustody(
  { data }: ReleaseFromCustody,
  state: { custody: CurrentCustody | null },
): CaseEvent[] {
  mayLogCustody(data.actor);
  const current = state.custody;
  if (!current) throw RuleViolation.because('custody_not_held', 'The person is not recorded as held');
  if (at(data.releasedAt) < at(current.deliveredAt)) {
    throw RuleViolation.because(
      'custody_release_before_delivery',
      'releasedAt is before the delivery to the current place',
    );
  }
  return [{ type: 'custody-released', data: { custodyId: current.custodyId, releasedAt: data.releasedAt } }];
}
