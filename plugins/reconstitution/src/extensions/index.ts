export { reconstitutionApi } from './reconstitutionApi';
export { reconstitutionPage } from './reconstitutionPage';
export {
  entityReconstitutionContent,
  isReconstitutionReceiver,
} from './entityReconstitutionContent';
