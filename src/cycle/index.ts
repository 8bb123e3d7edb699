export { businessDateRoutes } from './business-date.routes.ts';
export { cycleDeps, startCycleWorkers } from './daily-cycle.jobs.ts';
export type { CycleSummary } from './daily-cycle.ts';
export { cycleProgress, runCyclesInProcess } from './daily-cycle.ts';
