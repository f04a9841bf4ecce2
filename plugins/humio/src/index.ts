/**
 * Frontend of the humio plugin: a component's recent logs from Humio on its
 * "Logs" tab.
 *
 * @packageDocumentation
 */
export { humioPlugin as default } from './plugin';
export * from './api';
