import { caseProjections } from '@huquq/cases';

/** Every read model the worker keeps up to date, in the order they are rebuilt. */
export const allProjections = () => [...caseProjections()];
