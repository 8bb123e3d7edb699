import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/**
 * Reads a boarding file: JSON (an array of contracts, or `{"contracts": [...]}`) or CSV with one
 * contract per row. CSV columns name nested fields with dots: `vehicle.vin`, `parties.0.firstName`,
 * `parties.0.address.zip`. Empty cells are left out. Cells of numeric fields (amounts in cents,
 * counts) become numbers; every other cell stays text, so a ZIP such as 02134 keeps its zero.
 */
const NUMERIC_FIELD = /(Cents|^termMonths|^year|^odometer|^mileageAllowancePerYear)$/;

export class ContractFileError extends Error {
  override name = 'ContractFileError';
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = target;
  path.forEach((key, i) => {
    const isLast = i === path.length - 1;
    const nextIsIndex = /^\d+$/.test(path[i + 1] ?? '');
    const slot = node as Record<string, unknown>;
    if (isLast) {
      slot[key] = value;
    } else {
      slot[key] ??= nextIsIndex ? [] : {};
      node = slot[key] as Record<string, unknown>;
    }
  });
}

function cellValue(column: string, cell: string): unknown {
  const leaf = column.split('.').at(-1) ?? column;
  if (NUMERIC_FIELD.test(leaf) && /^-?\d+$/.test(cell)) return Number(cell);
  if (cell === 'true' || cell === 'false') return cell === 'true';
  return cell;
}

export function contractsFromCsv(text: string): unknown[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
    string,
    string
  >[];
  return records.map((record) => {
    const contract: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(record)) {
      if (cell !== '') setPath(contract, column.split('.'), cellValue(column, cell));
    }
    // Sparse party columns (parties.1.* empty for a single-party contract) leave holes; drop them.
    if (Array.isArray(contract.parties)) contract.parties = contract.parties.filter((p) => p !== undefined);
    return contract;
  });
}

export function contractsFromJson(text: string): unknown[] {
  const data: unknown = JSON.parse(text);
  if (Array.isArray(data)) return data;
  const contracts = (data as { contracts?: unknown } | null)?.contracts;
  if (Array.isArray(contracts)) return contracts;
  throw new ContractFileError('A JSON boarding file holds an array of contracts, or {"contracts": [...]}.');
}

export async function readContractFile(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  if (file.toLowerCase().endsWith('.csv')) return contractsFromCsv(text);
  if (file.toLowerCase().endsWith('.json')) return contractsFromJson(text);
  throw new ContractFileError(`"${file}" is neither .csv nor .json.`);
}
