import { Conflict } from '@huquq/platform';

/**
 * The person was erased: their key is destroyed and no new one may be made, so nothing new can
 * be written about them. A 409 the client can act on (the person is gone, stop adding to them).
 */
export class SubjectErased extends Conflict {
  constructor() {
    super('This person was erased; nothing more can be recorded under their name');
  }
}

/**
 * The subject id is keyed under another organization. Reaching this is a bug or an attack
 * (ids are random and checked against the caller's organization before any data is sealed),
 * so it is a server error, and it names neither organization.
 */
export class SubjectKeyMismatch extends Error {
  override readonly name = 'SubjectKeyMismatch';
  constructor() {
    super("Subject's key belongs to another organization");
  }
}

/**
 * A data key was wrapped by a master key this process was not given: a rotation is half done,
 * or HUQUQ_MASTER_KEY is wrong. Never answered as "erased", which would hide live data.
 */
export class UnknownMasterKey extends Error {
  override readonly name = 'UnknownMasterKey';
  constructor(readonly masterKeyId: string) {
    super(
      `A data key is wrapped by master key ${masterKeyId}, which is neither HUQUQ_MASTER_KEY nor ` +
        'HUQUQ_PREVIOUS_MASTER_KEY; finish the rotation (keys:rotate) or fix the configuration',
    );
  }
}
