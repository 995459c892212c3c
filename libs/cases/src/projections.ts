import { CaseHistoryProjection } from './case-history/case-history.projection';
import { CaseViewProjection } from './case-views/case-view.projection';
import { ClientDirectoryProjection } from './clients/client-directory.projection';

/** The read models cases own; the worker runs them, the rebuild command replays them. */
export const caseProjections = () => [
  new ClientDirectoryProjection(),
  new CaseViewProjection(),
  new CaseHistoryProjection(),
];
