export { EntityReconstitutionContent } from './EntityReconstitutionContent';
