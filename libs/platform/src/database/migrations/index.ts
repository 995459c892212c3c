import { EventStore1732240000000 } from './1732240000000-event-store';
import { Identity1732240001000 } from './1732240001000-identity';
import { CaseViews1732240002000 } from './1732240002000-case-views';

/** Every migration, in order. Listed by hand: builds must not depend on file globs. */
export const migrations = [EventStore1732240000000, Identity1732240001000, CaseViews1732240002000];
