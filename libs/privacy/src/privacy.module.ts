import { Global, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, Database, serviceTimeouts, urlWithTimeouts } from '@huquq/platform';
import { checkedKeyStoreFromConfig, EnvelopeProtector, KeyErasureListener, SubjectKeyStore } from './crypto';
import { PersonalDataProtector } from './personal-data-protector';

@Injectable()
class ErasureNotices implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener: KeyErasureListener;
  constructor(config: AppConfig, keys: SubjectKeyStore) {
    this.listener = new KeyErasureListener(
      urlWithTimeouts(config.DATABASE_URL, serviceTimeouts(config)),
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
 * store works on the owner's pool: data keys are the one thing the request path may not read
 * through row-level security alone.
 */
@Global()
@Module({
  providers: [
    {
      provide: SubjectKeyStore,
      inject: [Database, AppConfig],
      useFactory: (db: Database, config: AppConfig) => checkedKeyStoreFromConfig(db, config),
    },
    {
      provide: PersonalDataProtector,
      inject: [SubjectKeyStore],
      useFactory: (keys: SubjectKeyStore) => new EnvelopeProtector(keys),
    },
    ErasureNotices,
  ],
  exports: [SubjectKeyStore, PersonalDataProtector],
})
export class PrivacyModule {}
