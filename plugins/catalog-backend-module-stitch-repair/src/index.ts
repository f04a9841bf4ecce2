/**
 * Re-processes catalog entities that a killed backend left processed but
 * never stitched.
 *
 * @packageDocumentation
 */
export { catalogModuleStitchRepair as default } from './module';
export { StitchRepair, REPAIR_RESULT_HASH } from './StitchRepair';
