import type { TakenDelivery } from './delivery-ledger';

/**
 * The words of a notification. Built from the ledger row alone: a case number, the kind, the
 * task's kind and the due time. No person's data can get in, because none is at hand.
 */
export interface Message {
  subject: string;
  text: string;
  /** The webhook's JSON body. */
  json: Record<string, unknown>;
}

const KIND_WORDS = {
  reminder: 'Reminder: a legal deadline is coming',
  escalation: 'Escalation: work not done in time',
  assignment: 'Assigned to you',
} as const;

export function messageFor(delivery: TakenDelivery, timeZone: string, now: Date): Message {
  const due = delivery.dueAt ? localTime(delivery.dueAt, timeZone) : null;
  const where = delivery.caseNumber ? `case ${delivery.caseNumber}` : 'an incident';
  const subject =
    `[huquq] ${KIND_WORDS[delivery.kind]} - ${where}` + (due ? `, due ${due} (${timeZone})` : '');
  const text = [
    KIND_WORDS[delivery.kind],
    '',
    `Case: ${delivery.caseNumber ?? '—'}`,
    `Task: ${delivery.taskKind ?? '—'} (${delivery.taskId})`,
    `Due: ${due ? `${due} (${timeZone})` : '—'}`,
    ...(delivery.urgent ? ['Urgent: yes'] : []),
    '',
    'Open huquq to see the case. This message carries no personal data by design.',
    `Delivery: ${delivery.deliveryId}`,
  ].join('\n');
  const json = {
    deliveryId: delivery.deliveryId,
    kind: delivery.kind,
    urgent: delivery.urgent,
    caseId: delivery.caseId,
    caseNumber: delivery.caseNumber,
    taskId: delivery.taskId,
    taskKind: delivery.taskKind,
    dueAt: delivery.dueAt?.toISOString() ?? null,
    dueLocal: due,
    timeZone,
    sentAt: now.toISOString(),
  };
  return { subject, text, json };
}

/** 2026-12-02 18:30 in the given zone. */
function localTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
