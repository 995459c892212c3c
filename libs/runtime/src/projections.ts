import { caseProjections } from '@huquq/cases';
import { followUpProjections } from '@huquq/follow-ups';
import { notificationProjections } from '@huquq/notifications';
import { PersonalDataProtector } from '@huquq/privacy';
import { reportProjections } from '@huquq/reports';

/** Every read model the worker keeps up to date, in the order they are rebuilt. */
export const allProjections = (protector: PersonalDataProtector) => [
  ...caseProjections(protector),
  ...followUpProjections(),
  ...notificationProjections(),
  ...reportProjections(),
];
