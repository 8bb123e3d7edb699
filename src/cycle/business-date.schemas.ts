import { z } from 'zod';
import { calendarDateField } from '../platform/fields.schemas.ts';

/** Time travel's request and answer (demos and tests only: AUTOFIN_TIME_TRAVEL=1). */
export const businessDateRequest = z.strictObject({ date: calendarDateField('The business date') });

export const businessDateMovedResponse = z.object({
  businessDate: z.string(),
  cyclesRun: z.number().int(),
  lateFees: z.number().int(),
});
