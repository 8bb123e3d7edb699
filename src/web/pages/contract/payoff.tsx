// STUB (owner: helper k3): one part of a contract's pages, inside ContractLayout.
export function PayoffPage() {
  return null;
}
