/**
 * What every huquq process runs, whichever app starts it: the event store, the one write path
 * with its inline views, and (where enabled) the projections and follow-up jobs.
 */
export { BackgroundModule } from './background.module';
export { allProjections } from './projections';
export { createApi } from './api/bootstrap';
