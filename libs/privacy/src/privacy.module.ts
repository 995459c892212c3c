import { Global, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, KeyringDatabase, serviceTimeouts, urlWithTimeouts } from '@huquq/platform';
import { checkedKeyStoreFromConfig, EnvelopeProtector, KeyErasureListener, SubjectKeyStore } from './crypto';
import { FileSealer } from './crypto/sealed-stream';
import { PersonalDataProtector } from './personal-data-protector';

@Injectable()
class ErasureNotices implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener: KeyErasureListener;
  constructor(config: AppConfig, keys: SubjectKeyStore) {
    this.listener = new KeyErasureListener(
      urlWithTimeouts(config.KEYRING_DATABASE_URL!, serviceTimeouts(config)),
      keys,
    );
  }
  onApplicationBootstrap() {
    return this.listener.start();
  }
  onApplicationShutdown() {
    return this.listener.stop();
  }
}

/**
 * Per-person keys and the sealing of personal data, for every module of the process. The key
 * store works on the keyring's own pool (decision 0023): the request path's role cannot reach
 * data keys at all, and the main database holds none.
 */
@Global()
@Module({
  providers: [
    {
      provide: SubjectKeyStore,
      inject: [KeyringDatabase, AppConfig],
      useFactory: (keyring: KeyringDatabase, config: AppConfig) => checkedKeyStoreFromConfig(keyring, config),
    },
    {
      provide: PersonalDataProtector,
      inject: [SubjectKeyStore],
      useFactory: (keys: SubjectKeyStore) => new EnvelopeProtector(keys),
    },
    {
      provide: FileSealer,
      inject: [SubjectKeyStore],
      useFactory: (keys: SubjectKeyStore) => new FileSealer(keys),
    },
    ErasureNotices,
  ],
  exports: [SubjectKeyStore, PersonalDataProtector, FileSealer],
})
export class PrivacyModule {}
