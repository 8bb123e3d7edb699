import { z } from 'zod';

// The CSP forbids eval. Unless told not to, zod probes for it with `new Function` (a reported CSP
// violation) as each object schema is created, so this must run before any schema module loads.
z.config({ jitless: true });
