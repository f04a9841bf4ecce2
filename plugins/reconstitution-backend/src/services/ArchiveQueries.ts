import type {
  ArchivedProducer,
  DryRunResult,
  EventSelection,
  ReconstitutionReceiver,
} from '@internal/backstage-plugin-reconstitution-common';
import type { Request } from 'express';
import { ArchiveService } from '../archive/ArchiveService';
import { ReceiverCatalog } from '../receivers/ReceiverCatalog';
import { dedupe, EventSources } from './EventSources';
import { ReconstitutionAccess } from './ReconstitutionAccess';

/**
 * What a job can be made of, for anyone who may read reconstitution data:
 * the archive's state, the producers and receivers, and dry runs of a
 * selection.
 */
export class ArchiveQueries {
  constructor(
    private readonly deps: {
      access: ReconstitutionAccess;
      sources: EventSources;
      archive: ArchiveService;
      receivers: ReceiverCatalog;
    },
  ) {}

  async status(req: Request) {
    await this.deps.access.authorizeRead(req);
    return this.deps.archive.status();
  }

  async producers(
    req: Request,
    environment: string | undefined,
  ): Promise<ArchivedProducer[]> {
    this.deps.sources.checkEnvironment(environment);
    await this.deps.access.authorizeRead(req);
    return this.deps.sources.producers(environment);
  }

  async receivers(req: Request): Promise<ReconstitutionReceiver[]> {
    await this.deps.access.authorizeRead(req);
    return this.deps.receivers.list();
  }

  async dryRun(
    req: Request,
    selection: EventSelection,
    sampleSize: number,
  ): Promise<DryRunResult> {
    this.deps.sources.checkEnvironment(selection.environment);
    const source = this.deps.sources.get(selection.source);
    await this.deps.access.authorizeRead(req);
    return source.dryRun(dedupe(selection), sampleSize);
  }
}
