export { ArchiveStatusLine, ArchiveStatusList } from './ArchiveStatus';
