/**
 * Service plans (`schedules/service-plans.yaml`): which business-time promise a tenant's
 * incidents get. Plans are data; an incident's response deadline uses its tenant's plan.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { HolidayCalendars } from './day-kind.ts';
import { parseBusinessDuration } from './durations.ts';
import { throwIfIssues, type ScheduleIssue } from './errors.ts';
import { parseYamlDocument, schemaIssues } from './schema-check.ts';
import { deadline, serviceCalendar, type ServiceCalendarId } from './service-hours.ts';
import { DEFAULT_ZONE } from './zone-clock.ts';

const CalendarIdSchema = Type.Union([Type.Literal('5x8'), Type.Literal('7x8'), Type.Literal('7x24')], {
  description: 'must be a service calendar: 5x8, 7x8 or 7x24',
});

/** One plan as written in YAML. */
export const ServicePlanSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: 'must be a lower-case id, e.g. advanced' }),
    name: Type.String({ minLength: 1, description: 'must say what the plan is, e.g. Advanced success service' }),
    incidentResponse: Type.Object(
      {
        within: Type.String({ pattern: '^\\d+(\\.\\d+)?(wd|h|m)$', description: 'must be a business duration, e.g. 0.5wd or 4h (1wd = 8 business hours)' }),
        calendar: CalendarIdSchema,
      },
      { additionalProperties: false },
    ),
    monitoring: Type.Optional(Type.Object({ calendar: CalendarIdSchema }, { additionalProperties: false })),
    criticalResponse: Type.Optional(
      Type.Object(
        {
          within: Type.String({ pattern: '^\\d+(\\.\\d+)?(wd|h|m)$', description: 'must be a business duration, e.g. 1h or 0.25wd (1wd = 8 business hours)' }),
          calendar: CalendarIdSchema,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The whole `service-plans.yaml` document. */
export const ServicePlansFileSchema = Type.Object({ plans: Type.Array(ServicePlanSchema) }, { additionalProperties: false });

/** A checked service plan; `withinSeconds` is the response time in business seconds. */
export type ServicePlan = Static<typeof ServicePlanSchema> & {
  incidentResponse: { withinSeconds: number; calendar: ServiceCalendarId };
  /** The heightened promise during a tenant's critical period (default: 2h on 7x24). */
  criticalResponse: { within: string; withinSeconds: number; calendar: ServiceCalendarId };
};

/** What a plan without `criticalResponse` promises during a critical period. */
export const DEFAULT_CRITICAL_RESPONSE = { within: '2h', calendar: '7x24' } as const;

/** Parses `service-plans.yaml` text (or its parsed value); throws `SERVICE_PLANS_INVALID` listing every issue. */
export function parseServicePlans(input: string | unknown, what = 'service-plans.yaml'): ServicePlan[] {
  const value = typeof input === 'string' ? parseYamlDocument(input, 'SERVICE_PLANS_INVALID', what) : input;
  throwIfIssues('SERVICE_PLANS_INVALID', what, schemaIssues(ServicePlansFileSchema, value));
  const plans = (value as Static<typeof ServicePlansFileSchema>).plans;
  const issues: ScheduleIssue[] = [];
  const ids = new Set<string>();
  plans.forEach((plan, index) => {
    if (ids.has(plan.id)) issues.push({ path: `plans[${index}].id`, message: `repeats '${plan.id}'; plan ids must be unique` });
    ids.add(plan.id);
  });
  throwIfIssues('SERVICE_PLANS_INVALID', what, issues);
  return plans.map((plan) => ({
    ...plan,
    incidentResponse: { ...plan.incidentResponse, withinSeconds: parseBusinessDuration(plan.incidentResponse.within) },
    criticalResponse: criticalOf(plan.criticalResponse ?? DEFAULT_CRITICAL_RESPONSE),
  }));
}

function criticalOf(response: { within: string; calendar: ServiceCalendarId }): ServicePlan['criticalResponse'] {
  return { within: response.within, calendar: response.calendar, withinSeconds: parseBusinessDuration(response.within) };
}

/** When an incident opened at `openedAt` must be answered under `plan`, in the tenant's zone. */
export function incidentResponseDeadline(plan: ServicePlan, openedAt: number, holidays: HolidayCalendars, zone = DEFAULT_ZONE): number {
  const calendar = serviceCalendar(plan.incidentResponse.calendar, holidays, zone);
  return deadline(openedAt, plan.incidentResponse.withinSeconds, calendar);
}

/** When an incident opened at `openedAt` during a critical period must be answered under `plan`. */
export function criticalResponseDeadline(plan: ServicePlan, openedAt: number, holidays: HolidayCalendars, zone = DEFAULT_ZONE): number {
  const calendar = serviceCalendar(plan.criticalResponse.calendar, holidays, zone);
  return deadline(openedAt, plan.criticalResponse.withinSeconds, calendar);
}
