export { documentRoutes } from './document-center.routes.ts';
export { esignRoutes } from './esign.routes.ts';
export { endPaperlessConsent, hasPaperlessConsent } from './esign.ts';
export { customerPayoffQuote, payoffLetter } from './payoff-letter.ts';
export { printQueueStatus, writePrintFile } from './print-queue.ts';
export { statementRoutes } from './statements.routes.ts';
export { cutStatements, cutStatementsBetween, makeTaxStatements, storedStatementPdf } from './statements.ts';
