/** The agent <-> control-plane contract: schemas and the types derived from them. */
export * from './messages.ts';
export * from './reports.ts';
export * from './enroll.ts';
export * from './plans.ts';
