import { type OdometerReadingRequest, vehicleResponse } from '../../accounts/vehicle.schemas.ts';
import { accountQueryKey } from './accounts.ts';
import { getJson, postJson } from './client.ts';

// An account's vehicle, as `src/accounts/vehicle.routes.ts` serves it.

const vehiclePath = (contractNumber: string) =>
  `/api/v1/accounts/${encodeURIComponent(contractNumber)}/vehicle`;

export const vehicleQueryKey = (contractNumber: string) =>
  [...accountQueryKey(contractNumber), 'vehicle'] as const;

export function fetchVehicle(contractNumber: string) {
  return getJson(vehiclePath(contractNumber), vehicleResponse);
}

/** Reports a reading; the answer is the vehicle with it (and the tracker figured again). */
export function reportOdometerReading(contractNumber: string, request: OdometerReadingRequest) {
  return postJson(`${vehiclePath(contractNumber)}/odometer-readings`, request, vehicleResponse);
}
