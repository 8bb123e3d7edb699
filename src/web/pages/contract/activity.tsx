// STUB (owner: helper k2): one part of a contract's pages, inside ContractLayout.
export function ActivityPage() {
  return null;
}
