import { hkdfSync } from 'node:crypto';
import { BlindIndex } from '@huquq/privacy';

/**
 * One blind-index key per organization, derived from BLIND_INDEX_KEY: a copied database cannot
 * link the same person across two organizations by comparing their match keys.
 */
export class BlindIndexes {
  private readonly byOrg = new Map<string, BlindIndex>();

  constructor(private readonly rootKey: string) {}

  for(orgId: string): BlindIndex {
    let index = this.byOrg.get(orgId);
    if (!index) {
      const key = Buffer.from(hkdfSync('sha256', this.rootKey, orgId, 'huquq blind index v1', 32));
      index = new BlindIndex(key);
      this.byOrg.set(orgId, index);
    }
    return index;
  }
}
