import { CommandContext } from '@huquq/shared-kernel';
import { LogAppealRequest } from '../appeal.request';

export class LogAppealCommand {
  constructor(
    readonly context: CommandContext,
    readonly request: LogAppealRequest,
    /** From the Idempotency-Key header: a retry on a bad connection must not open a second case. */
    readonly idempotencyKey?: string,
  ) {}
}
