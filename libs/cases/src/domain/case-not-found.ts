import { NotFound } from '@huquq/shared-kernel';

/**
 * A case unknown to the caller's organization. The read side throws it too, so an id from
 * another organization answers exactly like an id nobody ever used.
 */
export class CaseNotFound extends NotFound {
  constructor() {
    super('case');
  }
}
