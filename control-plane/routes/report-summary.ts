/** JSON of a stored report's summary and its sign-off, shared by the report and sign-off routes. */
import { Type } from '@sinclair/typebox';
import { SIGNOFF_STATES, type SignOff } from '../reports/sign-off.ts';
import type { ReportSummary } from '../store/types.ts';
import { IsoInstant, iso } from './schemas.ts';

/** A report's sign-off, or null when it was never issued. */
export const SignOffSchema = Type.Union([
  Type.Object({
    state: Type.Union(SIGNOFF_STATES.map((s) => Type.Literal(s))),
    issuedAt: IsoInstant,
    issuedBy: Type.String(),
    dueAt: IsoInstant,
    calendar: Type.Literal('5x8'),
    decidedAt: Type.Union([IsoInstant, Type.Null()]),
    decidedBy: Type.Union([Type.String(), Type.Null()]),
    amendments: Type.Union([Type.String(), Type.Null()]),
  }),
  Type.Null(),
]);

/** A stored report without its content. */
export const ReportSummarySchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  jobId: Type.String(),
  periodKind: Type.String(),
  periodLabel: Type.String(),
  fromAt: IsoInstant,
  toAt: IsoInstant,
  locale: Type.String(),
  generatedAt: IsoInstant,
  createdBy: Type.String(),
  signOff: SignOffSchema,
});

/** A sign-off with ISO instants. */
export function signOffJson(signOff: SignOff | null) {
  if (signOff === null) return null;
  return { ...signOff, issuedAt: iso(signOff.issuedAt), dueAt: iso(signOff.dueAt), decidedAt: signOff.decidedAt === null ? null : iso(signOff.decidedAt) };
}

/** A report summary (or a whole report, content left out) with ISO instants. */
export const summaryJson = (r: ReportSummary) => ({
  id: r.id,
  tenantId: r.tenantId,
  jobId: r.jobId,
  periodKind: r.periodKind,
  periodLabel: r.periodLabel,
  fromAt: iso(r.fromAt),
  toAt: iso(r.toAt),
  locale: r.locale,
  generatedAt: iso(r.generatedAt),
  createdBy: r.createdBy,
  signOff: signOffJson(r.signOff),
});
