/** The scheduling pages behind one switch; the app loads this module as its own chunk when one of them is first opened. */
import { ApprovalsPage } from './pages/approvals.tsx';
import { AuditPage } from './pages/audit.tsx';
import { BookingPage } from './pages/booking.tsx';
import { CalendarPage } from './pages/calendar.tsx';
import { ReleasesPage } from './pages/releases.tsx';
import { SettingsPage } from './pages/settings.tsx';
import type { ScheduleRoute } from './schedule-routes.ts';

export function SchedulePage({ route }: { route: ScheduleRoute }) {
  switch (route.page) {
    case 'calendar':
      return <CalendarPage query={route.query} />;
    case 'booking':
      return <BookingPage query={route.query} />;
    case 'approvals':
      return <ApprovalsPage query={route.query} />;
    case 'releases':
      return <ReleasesPage query={route.query} />;
    case 'settings':
      return <SettingsPage query={route.query} />;
    case 'audit':
      return <AuditPage query={route.query} />;
  }
}
