export { CHINA_CALENDAR, chinaDay, addCalendarDays, addWorkingDays, workingDaysBetween, type CalendarDay, type DayKind, type WorkingDayResult } from './china-calendar.js';
