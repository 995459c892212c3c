import { Injectable } from '@nestjs/common';
import type { WriteUnit } from '@huquq/event-store';
import { CaseTakeover } from '@huquq/follow-ups';
import { personIn } from '@huquq/shared-kernel';
import { caseStream } from '../streams';

/**
 * The cases side of claiming a task, decided in the claim's own unit: the lawyer takes the case
 * if nobody has it (an event on the case, with who did it, in its history). The app wires it
 * in as follow-ups' CaseTakeover.
 */
@Injectable()
export class TakeCaseWithTask extends CaseTakeover {
  async takeWithTask(unit: WriteUnit, caseId: string, taskId: string): Promise<void> {
    await unit.decide(caseStream, caseId, {
      type: 'TakeCaseWithTask',
      data: { actor: personIn(unit.context), now: new Date().toISOString(), taskId },
    });
  }
}
