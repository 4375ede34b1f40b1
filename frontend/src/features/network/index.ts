/** What the rest of the SPA may use from the network feature (the lead wires the homes). */
export { ConventionsARenouveler } from './ConventionsARenouveler';
export { networkNavigation, networkRoutes } from './routes';
