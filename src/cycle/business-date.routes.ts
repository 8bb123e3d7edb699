import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf as sessionActorOf } from '../access/index.ts';
import { type CalendarDate, calendarDate } from '../core/dates.ts';
import { canStaff } from '../core/policy.ts';
import type { PaymentGateway } from '../payments/index.ts';
import { recordAudit } from '../platform/audit.ts';
import { type MovableClock, moveBusinessDate } from '../platform/business-date.ts';
import { DomainError } from '../platform/errors.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { businessDateRequest, businessDateMovedResponse as movedResponse } from './business-date.schemas.ts';
import { cycleDeps } from './daily-cycle.jobs.ts';
import { runCyclesInProcess } from './daily-cycle.ts';

/**
 * Time travel, for demos and tests (AUTOFIN_TIME_TRAVEL=1 gives the app a movable clock): move the
 * business date forward and run the daily cycle for every day passed, in order.
 */
export async function businessDateRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { movableClock?: MovableClock; paymentGateway: PaymentGateway },
): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const movable = deps.movableClock;
  if (!movable) return;
  const config = { access: 'api-key:servicing' as const };
  const security = [{ apiKey: [] }];
  const tags = ['servicing'];
  const moveAndCatchUp = async (date: CalendarDate) => {
    await moveBusinessDate(db, movable, date);
    const cycles = await runCyclesInProcess(
      db,
      cycleDeps(deps.config, { clock: movable, secretKey: deps.secretKey, gateway: deps.paymentGateway }),
    );
    return {
      businessDate: movable.today(),
      cyclesRun: cycles.length,
      lateFees: cycles.reduce(
        (sum, c) => sum + (c.stages.find((s) => s.stage === 'servicing')?.counts.lateFees ?? 0),
        0,
      ),
    };
  };
  routes.post(
    '/api/v1/admin/business-date',
    {
      config,
      schema: {
        tags,
        security,
        summary:
          'Move the business date forward (only with AUTOFIN_TIME_TRAVEL=1); the daily cycle catches up',
        body: businessDateRequest,
        response: { 200: movedResponse },
      },
    },
    async (request) => moveAndCatchUp(calendarDate(request.body.date)),
  );
  // The same for a signed-in supervisor (demos, browser tests): the support console's way to move time.
  routes.post(
    '/api/v1/staff/business-date',
    {
      config: { access: 'session' },
      schema: {
        tags: ['staff'],
        summary:
          'Move the business date forward as a supervisor (only with AUTOFIN_TIME_TRAVEL=1); the daily cycle catches up',
        body: businessDateRequest,
        response: { 200: movedResponse },
      },
    },
    async (request) => {
      const staff = sessionActorOf(request.session!.user);
      if (staff.kind !== 'staff' || !canStaff(staff, 'operations.read')) {
        throw new DomainError('not_found', 'NOT_FOUND', 'There is nothing at this address.');
      }
      const moved = await moveAndCatchUp(calendarDate(request.body.date));
      await recordAudit(db, {
        actor: { type: 'staff', id: staff.userId },
        action: 'business_date.move',
        resource: { type: 'system', id: 'business-date' },
        requestId: request.id,
        ip: request.ip,
        details: moved,
      });
      return moved;
    },
  );
}
