import { ApiProperty } from '@nestjs/swagger';
import { APPEAL_TYPES, CASE_STATUSES, URGENCIES } from '@huquq/shared-kernel';
import { CONFIDENCES, TASK_QUEUES } from '../domain/follow-up-rules';
import type { TaskDetail } from './task-queries';
import type { TaskItem, TaskQueueItem } from './task-item';

/**
 * The work queues' answers (the swagger plugin reads this file). Each class implements the type
 * the code answers with, so a field added there is a compile error here until it is documented.
 */
export class TaskItemResponse implements TaskItem {
  @ApiProperty({ format: 'uuid' })
  id: string;

  /** Null for a raid's own task (it has no case). */
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  caseId: string | null;

  /** The case's number, appeal type, urgency and status now: a queue screen needs no request per task. */
  @ApiProperty({ example: '2026-000017', nullable: true, type: String })
  caseNumber: string | null;

  @ApiProperty({ enum: [...APPEAL_TYPES, null], nullable: true, type: String })
  appealType: string | null;

  @ApiProperty({ enum: [...URGENCIES, null], nullable: true, type: String })
  urgency: string | null;

  @ApiProperty({ enum: [...CASE_STATUSES, null], nullable: true, type: String })
  caseStatus: string | null;

  /** What to do, e.g. contact_detainee, file_appeal (the follow-up rules name them). */
  @ApiProperty({ example: 'contact_detainee' })
  kind: string;

  @ApiProperty({ enum: URGENCIES })
  priority: string;

  @ApiProperty({ format: 'date-time' })
  dueAt: string;

  @ApiProperty({ enum: ['open', 'done'] })
  status: 'open' | 'done';

  /** The legal (or the organization's) ground of the due time. */
  basis: string;

  /** Of the legal clock behind the due time; null for organization standards. */
  @ApiProperty({ enum: [...CONFIDENCES, null], nullable: true, type: String })
  confidence: string | null;

  /** When the legal text behind the due time was last checked. */
  @ApiProperty({ format: 'date', nullable: true, type: String })
  lastChecked: string | null;
}

export class TaskQueueItemResponse extends TaskItemResponse implements TaskQueueItem {
  title: string;

  @ApiProperty({ enum: TASK_QUEUES })
  queue: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  incidentId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  assigneeId: string | null;

  /** The lawyer's display name, as the users list has it now; null when none is set. */
  @ApiProperty({ nullable: true, type: String })
  assigneeName: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  deadlineId: string | null;

  /** The task this one escalates (a coordinator's task for a lawyer's missed one). */
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  escalationOf: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  escalatedAt: string | null;

  remindersSent: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastReminderAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completedAt: string | null;
}

export class TaskPage {
  items: TaskQueueItemResponse[];

  /** Send as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

export class TaskDetailResponse extends TaskQueueItemResponse implements TaskDetail {
  /** The completion note, opened for the reader; null when not done, withheld, or the person was erased. */
  result: string | null;

  resultErased: boolean;

  /** A case's task result is personal: withheld (null) from a reader without need-to-know. */
  @ApiProperty({ enum: ['shown', 'withheld'] })
  personalData: 'shown' | 'withheld';
}
