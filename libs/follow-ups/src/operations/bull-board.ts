import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { FollowUpQueue } from '../jobs/follow-up-queue';

export const BULL_BOARD_PATH = '/admin/queues';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A job's own actions in Bull Board's API: `/api/queues/<queue>/<job id>/<action>`. */
const JOB_ACTION =
  /^\/api\/queues\/([^/]+)\/([^/]+)\/(retry|clean|promote|update-data|delay|priority|remove-unprocessed-children)$/;

/**
 * What a write to the board does, for the security log: the route with its queue and job ids,
 * never the body (an added job's or edited data's) nor the query.
 */
function describeWrite(req: Request) {
  const raw = req.originalUrl.split('?')[0];
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    path = raw;
  }
  path = path.slice(BULL_BOARD_PATH.length) || '/';
  const job = JOB_ACTION.exec(path);
  return job
    ? { method: req.method, action: job[3], queue: job[1], jobId: job[2] }
    : { method: req.method, action: path };
}

/**
 * Bull Board is read-only unless OPERATOR_WRITE is true: every request that is not a read is
 * refused here (405), before the board, whose own read-only mode says the same and hides the
 * buttons. An operator's write, allowed or refused, is a security event in the log — with job
 * ids, never job data. Mounted after `operatorsOnly`: whoever gets here is an operator.
 */
export function operatorWrites(writable: boolean, logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (READS.has(req.method)) return next();
    const write = describeWrite(req);
    if (!writable) {
      logger.warn(
        { securityEvent: 'operator_queue_write', allowed: false, ...write },
        'operator write to the follow-up queue refused: Bull Board is read-only (OPERATOR_WRITE is not true)',
      );
      res.status(405).json({
        error: 'method_not_allowed',
        message: 'Bull Board is read-only here: the installation runs without OPERATOR_WRITE=true',
        details: [],
      });
      return;
    }
    res.on('finish', () =>
      logger.warn(
        { securityEvent: 'operator_queue_write', allowed: true, status: res.statusCode, ...write },
        'operator changed the follow-up queue through Bull Board',
      ),
    );
    next();
  };
}

/**
 * The board's Express router, showing the follow-up queue; read-only unless `writable`. Job data
 * in the board is ids only. A job an operator promotes runs early and does nothing before its
 * time: the job runner puts it back until then.
 */
export function bullBoardRouter(queue: FollowUpQueue, { writable }: { writable: boolean }) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: !writable, allowRetries: writable })],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'huquq' } },
  });
  return serverAdapter.getRouter();
}
