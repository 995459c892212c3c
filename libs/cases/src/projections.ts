import { PersonalDataProtector } from '@huquq/privacy';
import { CaseHistoryProjection } from './case-history/case-history.projection';
import { CaseViewProjection } from './case-views/case-view.projection';
import { ClientDirectoryProjection } from './clients/client-directory.projection';
import { PersonalFields } from './shared/personal-fields';

/** The read models cases own; the worker runs them, the rebuild command replays them. */
export const caseProjections = (protector: PersonalDataProtector) => [
  new ClientDirectoryProjection(new PersonalFields(protector)),
  new CaseViewProjection(),
  new CaseHistoryProjection(),
];
