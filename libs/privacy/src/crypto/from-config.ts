import type { Database } from '@huquq/platform';

import { SubjectKeyStore, type SubjectKeyStoreOptions } from './key-store';
import { MasterKey } from './master-key';

/** The two settings of AppConfig that hold master keys. */
export interface MasterKeyConfig {
  HUQUQ_MASTER_KEY?: string;
  HUQUQ_PREVIOUS_MASTER_KEY?: string;
}

/** The key store a service uses: wraps with the master key, also reads the previous one. */
export function keyStoreFromConfig(
  db: Database,
  config: MasterKeyConfig,
  options: Omit<SubjectKeyStoreOptions, 'previousMasters'> = {},
): SubjectKeyStore {
  if (!config.HUQUQ_MASTER_KEY) throw new TypeError('HUQUQ_MASTER_KEY is not set');
  const master = MasterKey.parse(config.HUQUQ_MASTER_KEY, 'HUQUQ_MASTER_KEY');
  const previousMasters = config.HUQUQ_PREVIOUS_MASTER_KEY
    ? [MasterKey.parse(config.HUQUQ_PREVIOUS_MASTER_KEY, 'HUQUQ_PREVIOUS_MASTER_KEY')]
    : [];
  return new SubjectKeyStore(db, master, { ...options, previousMasters });
}
