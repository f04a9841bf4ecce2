export { mix, unit, salt, Rng } from './random';
export {
  addControlRoutes,
  controlRoutes,
  type ControlBody,
  type ControlHandler,
  type ControlRoute,
} from './control';
export { listen, lastResortErrorHandler, type Listening } from './server';
