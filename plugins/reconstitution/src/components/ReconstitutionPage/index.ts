export { ReconstitutionPage } from './ReconstitutionPage';
