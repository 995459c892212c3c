import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PrivacyModule } from '@huquq/privacy';
import { AppConfig, PlatformModule } from '@huquq/platform';
import { BackgroundModule } from '@huquq/runtime';

/** The worker alone, for scaling out: `npm run start:worker` next to API instances with WORKER_EMBEDDED=false. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        PrivacyModule,
        BackgroundModule.forRoot({ runBackgroundWork: true }),
      ],
    };
  }
}
