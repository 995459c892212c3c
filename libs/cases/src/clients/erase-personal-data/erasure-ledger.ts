import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { CommandHandler, destroyRequestFingerprints } from '@huquq/event-store';
import { Database, KeyringDatabase, LOGGER } from '@huquq/platform';
import { SubjectKeyStore } from '@huquq/privacy';
import { systemContext } from '@huquq/shared-kernel';
import { DocumentStore } from '../../documents/document-store';
import { erasePersonalData } from './erase-personal-data.handler';

/**
 * The erasure ledger lives in the keyring, apart from the main data (decision 0023). At every
 * start it is applied again to the main data: after a restore of a backup taken before an
 * erasure, the person's key is still gone (the keyring was not restored), and this puts back
 * the rest — the erasure event and the views it empties (blind-index entries included) through
 * the one write path, and the destruction of their request fingerprints. Nothing to do, it does
 * nothing: one read of the ledger, one of the views, one update.
 */
@Injectable()
export class ErasureLedger implements OnApplicationBootstrap {
  constructor(
    private readonly keyring: KeyringDatabase,
    private readonly db: Database,
    private readonly commands: CommandHandler,
    private readonly keys: SubjectKeyStore,
    private readonly documents: DocumentStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private get deps() {
    return { commands: this.commands, keys: this.keys, db: this.db, documents: this.documents };
  }

  onApplicationBootstrap(): Promise<number> {
    return this.reapply();
  }

  /** Erases again whoever the main data shows unerased although the ledger says erased; how many. */
  async reapply(): Promise<number> {
    const { rows: ledger } = await this.keyring.query<{ subject_id: string }>(
      'SELECT subject_id FROM erased_subjects',
    );
    if (ledger.length === 0) return 0;
    const ids = ledger.map((row) => row.subject_id);
    const fingerprints = await destroyRequestFingerprints(this.db, ids);
    const { rows: returned } = await this.db.query<{ client_id: string; org_id: string }>(
      'SELECT client_id, org_id FROM client_views WHERE client_id = ANY($1::uuid[]) AND NOT erased',
      [ids],
    );
    for (const { client_id: clientId, org_id: orgId } of returned) {
      await erasePersonalData(this.deps, systemContext(orgId, 'erasure-ledger'), clientId);
    }
    if (returned.length || fingerprints) {
      // Ids and counts only: who they were is exactly what is gone.
      this.logger.warn(
        { erasedAgain: returned.length, fingerprintsDestroyed: fingerprints },
        'the erasure ledger was applied again: the main data was restored from before some erasures',
      );
    }
    return returned.length;
  }
}
