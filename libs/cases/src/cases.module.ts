import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '@huquq/identity';
import { AppConfig } from '@huquq/platform';
import { CaseCommandsController } from './case-commands/case-commands.controller';
import { CASE_COMMAND_HANDLERS } from './case-commands/case-commands.handlers';
import { GetCaseHandler, GetCaseHistoryHandler, ListCasesHandler } from './case-views/case-queries';
import { HearingsController, ListHearingsHandler } from './hearings/hearings-calendar';
import { CaseRevealer } from './case-views/case-revealer';
import { CaseIntegrityController } from './integrity/case-integrity.controller';
import { CaseViewsController } from './case-views/case-views.controller';
import { BlindIndexes } from './clients/blind-indexes';
import { ClientDirectory } from './clients/client-directory';
import { GetClientHandler } from './clients/client-record/get-client';
import { ClientsController } from './clients/clients.controller';
import { SAME_PERSON_HANDLERS } from './clients/same-person/same-person.handlers';
import { SearchClientsHandler } from './clients/search/search-clients';
import { ErasePersonalDataController } from './clients/erase-personal-data/erase-personal-data.controller';
import { ErasePersonalDataHandler } from './clients/erase-personal-data/erase-personal-data.handler';
import { AssignIncidentController, AssignIncidentHandler } from './incidents/assign-incident';
import { ErasureLedger } from './clients/erase-personal-data/erasure-ledger';
import { AppealIntake } from './intake/appeal-intake';
import { CaseNumbers } from './intake/case-numbers';
import { LogAppealController } from './intake/log-appeal/log-appeal.controller';
import { LogAppealHandler } from './intake/log-appeal/log-appeal.handler';
import { ReportIncidentController } from './intake/report-incident/report-incident.controller';
import { ReportIncidentHandler } from './intake/report-incident/report-incident.handler';
import { PersonalFields } from './shared/personal-fields';
import { documentStoreProvider } from './documents/document-store.provider';
import { DocumentsController } from './documents/documents.controller';
import { DocumentReader } from './documents/read-documents';
import { DocumentUploads } from './documents/upload-document';
import { AccessLogController } from './need-to-know/access-log';
import { NeedToKnowSettingsController } from './need-to-know/need-to-know-settings';
import { NeedToKnow, ReadAudit } from '@huquq/follow-ups';

/**
 * Intake and cases: the HTTP routes, the command and query handlers. It expects EventStore and
 * the CommandHandler (the one write path) from the app that imports it (the runtime provides both).
 */
@Module({
  imports: [CqrsModule, IdentityModule],
  controllers: [
    LogAppealController,
    ReportIncidentController,
    CaseViewsController,
    CaseCommandsController,
    ErasePersonalDataController,
    ClientsController,
    AssignIncidentController,
    CaseIntegrityController,
    HearingsController,
    DocumentsController,
    AccessLogController,
    NeedToKnowSettingsController,
  ],
  providers: [
    {
      provide: BlindIndexes,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new BlindIndexes(config.BLIND_INDEX_KEY!),
    },
    ClientDirectory,
    PersonalFields,
    CaseRevealer,
    NeedToKnow,
    ReadAudit,
    ErasePersonalDataHandler,
    ErasureLedger,
    CaseNumbers,
    AppealIntake,
    LogAppealHandler,
    ReportIncidentHandler,
    ...CASE_COMMAND_HANDLERS,
    GetCaseHandler,
    ListCasesHandler,
    GetCaseHistoryHandler,
    SearchClientsHandler,
    AssignIncidentHandler,
    GetClientHandler,
    ...SAME_PERSON_HANDLERS,
    ListHearingsHandler,
    documentStoreProvider,
    DocumentUploads,
    DocumentReader,
  ],
})
export class CasesModule {}
