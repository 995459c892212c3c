import type { Provider } from '@nestjs/common';
import { AppConfig } from '@huquq/platform';
import { DirectoryDocumentStore } from './directory-store';
import { DocumentStore } from './document-store';

/**
 * The store DOCUMENTS_STORE names, made ready before anything uses it: the directory created,
 * the bucket reached (or created). The S3 client is loaded only when it is the one asked for.
 */
export const documentStoreProvider: Provider = {
  provide: DocumentStore,
  inject: [AppConfig],
  useFactory: async (config: AppConfig): Promise<DocumentStore> => {
    let store: DocumentStore;
    if (config.DOCUMENTS_STORE === 's3') {
      const { S3DocumentStore } = await import('./s3-store');
      store = new S3DocumentStore({
        bucket: config.S3_BUCKET!,
        region: config.S3_REGION,
        endpoint: config.S3_ENDPOINT,
        forcePathStyle: config.S3_FORCE_PATH_STYLE ?? Boolean(config.S3_ENDPOINT),
      });
    } else {
      store = new DirectoryDocumentStore(config.DOCUMENTS_DIR);
    }
    await store.prepare();
    return store;
  },
};
