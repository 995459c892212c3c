export * from './iso-durations';
export * from './local-time';
export * from './production-calendar';
export { RU_PRODUCTION_CALENDAR } from './production-calendar.data';
export type { CalendarData } from './production-calendar.data';
export * from './time-zones';
export * from './legal-terms';
