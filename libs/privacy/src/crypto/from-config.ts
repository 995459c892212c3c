import { Database } from '@huquq/platform';

import { SubjectKeyStore, type SubjectKeyStoreOptions } from './key-store';
import { MasterKey } from './master-key';
import { checkMasterKeyFingerprint } from './master-key-fingerprint';

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
  return new SubjectKeyStore(db, master, { ...options, previousMasters: previousMastersOf(config) });
}

/** The service's key store, once the configured master key is the database's (refused otherwise). */
export async function checkedKeyStoreFromConfig(
  db: Database,
  config: MasterKeyConfig,
): Promise<SubjectKeyStore> {
  const store = keyStoreFromConfig(db, config);
  await checkMasterKeyFingerprint(db, MasterKey.parse(config.HUQUQ_MASTER_KEY!), previousMastersOf(config));
  return store;
}

function previousMastersOf(config: MasterKeyConfig): MasterKey[] {
  return config.HUQUQ_PREVIOUS_MASTER_KEY
    ? [MasterKey.parse(config.HUQUQ_PREVIOUS_MASTER_KEY, 'HUQUQ_PREVIOUS_MASTER_KEY')]
    : [];
}

/**
 * The same check, on a connection of its own, for a start to make before it opens anything else:
 * a start refused inside the modules' set-up leaves the connections opened before it (Redis,
 * pools) behind, which a test process running many starts would carry to its end.
 */
export async function checkMasterKeyBeforeStart(keyringUrl: string, config: MasterKeyConfig): Promise<void> {
  if (!config.HUQUQ_MASTER_KEY) return; // refused with its own message where the key is needed
  const keyring = new Database(keyringUrl, 1);
  try {
    await checkMasterKeyFingerprint(
      keyring,
      MasterKey.parse(config.HUQUQ_MASTER_KEY),
      previousMastersOf(config),
    );
  } finally {
    await keyring.close();
  }
}
