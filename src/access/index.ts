export {
  actorOf,
  contractNotFound,
  contractResource,
  requireContractFor,
  requireViewableContract,
} from './contract-access.ts';
