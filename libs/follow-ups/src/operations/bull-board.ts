import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import type { TokenService } from '@huquq/identity';
import { Forbidden, toErrorBody, Unauthenticated } from '@huquq/platform';
import type { FollowUpQueue } from '../jobs/follow-up-queue';

export const BULL_BOARD_PATH = '/admin/queues';

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/**
 * Bull Board is mounted as Express middleware, outside Nest's guards: this checks the bearer
 * token itself, and lets admins only. Job data in the board is ids only.
 */
export function adminsOnly(tokens: TokenService) {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      const match = BEARER.exec(req.headers.authorization ?? '');
      if (!match) throw new Unauthenticated();
      if (tokens.verify(match[1]).role !== 'admin') throw new Forbidden();
      next();
    } catch (error) {
      const { status, body } = toErrorBody(error);
      res.status(status).json(body);
    }
  };
}

/** The board's Express router, showing the follow-up queue. */
export function bullBoardRouter(queue: FollowUpQueue) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter });
  return serverAdapter.getRouter();
}
