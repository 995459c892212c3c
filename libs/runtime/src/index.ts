/**
 * What every huquq process runs, whichever app starts it: the event store, the one write path
 * with its inline views, and (where enabled) the projections and follow-up jobs.
 */
export { BackgroundModule, BackgroundWork } from './background.module';
export { FREE_TEXT_SEALED, sealLegacyFreeText } from './maintenance/seal-legacy-free-text';
export type { SealLegacyResult } from './maintenance/seal-legacy-free-text';
export { allProjections } from './projections';
export { createApi } from './api/bootstrap';
export { ApiModule } from './api/api.module';
export { openApiDocument } from './api/openapi';
export { stopOnSignals } from './operations/stop-on-signals';
