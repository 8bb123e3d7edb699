import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams } from '../servicing/index.ts';
import { odometerReadingRequest, vehicleResponse } from './vehicle.schemas.ts';
import { reportOdometerReading, viewVehicle } from './vehicle.ts';

/** The vehicle of an account the signed-in user may see, and the odometer readings its customers report. */
export async function accountVehicleRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  routes.get(
    '/api/v1/accounts/:contractNumber/vehicle',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The vehicle: VIN, odometer readings, warranty and (leases) the mileage tracker',
        params: contractNumberParams,
        response: { 200: vehicleResponse },
      },
    },
    async (request) =>
      viewVehicle(db, deps.clock, actorOf(request.session!.user), request.params.contractNumber),
  );

  routes.post(
    '/api/v1/accounts/:contractNumber/vehicle/odometer-readings',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Report an odometer reading (one a day: a second one that day replaces it); answers the vehicle',
        params: contractNumberParams,
        body: odometerReadingRequest,
        response: { 200: vehicleResponse, 201: vehicleResponse },
      },
    },
    async (request, reply) => {
      const { replaced, vehicle } = await reportOdometerReading(
        db,
        deps.clock,
        actorOf(request.session!.user),
        request.params.contractNumber,
        request.body,
        { requestId: request.id, ip: request.ip },
      );
      return reply.code(replaced ? 200 : 201).send(vehicle);
    },
  );
}
