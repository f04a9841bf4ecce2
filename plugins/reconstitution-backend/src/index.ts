export { reconstitutionPlugin as default } from './plugin';
export { EventArchiveStore } from './database/EventArchiveStore';
export type {
  ArchivePosition,
  EventToArchive,
} from './database/EventArchiveStore';
