// STUB (owner: helper k1): one part of a contract's pages, inside ContractLayout.
export function ContractOverviewPage() {
  return null;
}
