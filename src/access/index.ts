export { actorOf, contractResource, requireViewableContract } from './contract-access.ts';
