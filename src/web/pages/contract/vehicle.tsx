// STUB (owner: helper k4): one part of a contract's pages, inside ContractLayout.
export function VehiclePage() {
  return null;
}
