/**
 * What the outbox plans and the worker delivers: one message to one member of staff on one
 * channel. Ids, a case number, a task kind and a time: never a person's name, phone, passport or
 * any free text (the task's title and result stay out too).
 */
export type NotificationKind = 'reminder' | 'escalation' | 'assignment';
export type Channel = 'email' | 'webhook';

export interface PlannedDelivery {
  deliveryId: string;
  orgId: string;
  userId: string;
  channel: Channel;
  kind: NotificationKind;
  /** Never held back by quiet hours (docs/decisions/0092). */
  urgent: boolean;
  caseId: string | null;
  caseNumber: string | null;
  taskId: string;
  taskKind: string | null;
  dueAt: Date | null;
  eventId: string;
  sourcePosition: number;
}

/** One event, one recipient, one channel: one id, whatever replays the event. */
export const deliveryIdOf = (eventId: string, userId: string, channel: Channel) =>
  `${eventId}.${userId}.${channel}`;
