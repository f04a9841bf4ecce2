export { reconstitutionPlugin as default } from './plugin';
export { EventArchiveStore } from './database/EventArchiveStore';
export type {
  ArchivePosition,
  EventToArchive,
} from './database/EventArchiveStore';
export {
  reconstitutionConditions,
  createReconstitutionConditionalDecision,
  reconstitutionReceiverResourceRef,
} from './permissions';
export type { ReceiverResource } from './permissions';
